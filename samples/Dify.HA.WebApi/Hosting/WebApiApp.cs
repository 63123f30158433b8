using System.Globalization;
using Dify.HA.Client;
using Dify.HA.Client.Telemetry;
using Dify.HA.Data.Postgres;
using Dify.HA.Data.Redis;
using Dify.HA.Data.Telemetry;
using Dify.HA.Testing;
using Dify.HA.WebApi.Chat;
using Dify.HA.WebApi.Health;
using Dify.HA.WebApi.Shutdown;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Dify.HA.WebApi.Hosting;

/// <summary>
/// Builds the web sample: configuration (appsettings.json, environment, command line), the Dify client
/// <c>Default</c> (section <c>Dify:Clients:Default</c>), the chat endpoint, the health probes, the metrics endpoint and
/// the drain-on-SIGTERM service. With no Dify configured it first starts the in-process emulator (two regions) and owns
/// it. The tests build it the same way, with their own overrides.
/// </summary>
public sealed class WebApiApp : IAsyncDisposable
{
    /// <summary>The name of the Dify client the sample uses (<c>Default</c>, so plain <see cref="IDifyClient"/>).</summary>
    public const string ClientName = DifyClientOptions.DefaultName;

    /// <summary>The configuration section of that client: <c>Dify:Clients:Default</c>.</summary>
    public const string ClientSection = DifyClientOptions.ConfigurationSection + ":" + ClientName;

    /// <summary>The app key the emulator serves for its chat app.</summary>
    public const string EmulatorApiKey = "app-chat";

    private WebApiApp(WebApplication app, DifyEmulatorTopology? emulator)
    {
        App = app;
        Emulator = emulator;
    }

    /// <summary>The built application (not started).</summary>
    public WebApplication App { get; }

    /// <summary>The in-process emulator when no Dify was configured; null otherwise.</summary>
    public DifyEmulatorTopology? Emulator { get; }

    /// <summary>The first address the server listens on (after start), e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address => new(App.Urls.First());

    /// <summary>Builds the app. <paramref name="overrides"/> win over every other configuration source;
    /// <paramref name="configureEmulator"/> adjusts the embedded emulator (tests script answers with it);
    /// <paramref name="configureServices"/> runs last.</summary>
    public static async Task<WebApiApp> CreateAsync(
        string[] args,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<DifyEmulatorOptions>? configureEmulator = null,
        Action<IServiceCollection>? configureServices = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var overrideList = overrides?.ToList() ?? [];
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json and wwwroot sit next to the binary: found whatever the current directory is.
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        builder.Configuration.AddInMemoryCollection(overrideList);

        DifyEmulatorTopology? emulator = null;
        if (UseEmulator(builder.Configuration))
        {
            var tokenDelay = ReadTimeSpan(builder.Configuration, $"{EmulatorSettings.SectionName}:{nameof(EmulatorSettings.TokenDelay)}", new EmulatorSettings().TokenDelay);
            emulator = await DifyEmulatorTopology.StartAsync(regions: 2, endpointsPerRegion: 1, o =>
            {
                o.TokenDelay = tokenDelay;
                configureEmulator?.Invoke(o);
            }, cancellationToken);
            builder.Configuration.AddInMemoryCollection(EmulatorConfiguration(emulator));
            // The caller's overrides still win (tests tune the probe, for instance).
            builder.Configuration.AddInMemoryCollection(overrideList);
        }

        try
        {
            AddServices(builder.Services, builder.Configuration);
            configureServices?.Invoke(builder.Services);
            var app = builder.Build();
            MapEndpoints(app);
            if (emulator is not null && app.Logger.IsEnabled(LogLevel.Information))
            {
                var regions = string.Join(", ", emulator.Regions.Select(r => $"{r.Name} at {r.Endpoints[0].BaseUrl}"));
                EmulatorLog.Embedded(app.Logger, regions);
            }
            return new WebApiApp(app, emulator);
        }
        catch
        {
            if (emulator is not null) await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers everything the sample needs.</summary>
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<WebApiOptions>().Bind(configuration.GetSection(WebApiOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WebApiOptions>, WebApiOptionsValidator>();
        // One shutdown budget from SIGTERM: the drain delay is spent out of it (see ShutdownDrainService).
        services.AddOptions<HostOptions>().Configure<IOptions<WebApiOptions>>((host, web) => host.ShutdownTimeout = web.Value.ShutdownTimeout);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, WebApiJson.Default));

        services.AddDifyClient(ClientName);
        services.AddHostedService<DifyClientWarmup>();

        services.AddSingleton<ShutdownGate>();
        services.AddHostedService<ShutdownDrainService>();

        string[] ready = [HealthEndpoints.ReadyTag];
        var health = services.AddHealthChecks()
            .AddCheck<DrainingHealthCheck>(DrainingHealthCheck.Name, tags: ready)
            .AddDifyClient(ClientName, checkName: "dify", tags: ready);
        // The databases join readiness only when the app uses them: a check of a store the app does not have would
        // only ever fail.
        if (configuration.GetSection(PostgresRoutingOptions.SectionName).Exists())
        {
            services.AddDifyPostgres(configuration);
            health.AddCheck<PostgresRoutingHealthCheck>("postgres", tags: ready);
        }
        if (configuration.GetSection(RedisConnectionOptions.SectionName).Exists())
        {
            services.AddDifyRedis(configuration);
            health.AddCheck<RedisHealthCheck>("redis", tags: ready);
        }

        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(DifyClientTelemetry.SourceName, DifyDataTelemetry.SourceName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
    }

    /// <summary>The page, the chat endpoint, the probes and <c>/metrics</c>.</summary>
    public static void MapEndpoints(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        ChatEndpoint.Map(app);
        HealthEndpoints.Map(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
    }

    /// <summary>Starts the server.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => App.StartAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        if (Emulator is not null) await Emulator.DisposeAsync();
    }

    private static bool UseEmulator(ConfigurationManager configuration)
    {
        var enabled = configuration[$"{EmulatorSettings.SectionName}:{nameof(EmulatorSettings.Enabled)}"];
        if (!string.IsNullOrWhiteSpace(enabled))
        {
            if (bool.TryParse(enabled, out var value)) return value;
            throw new OptionsValidationException(EmulatorSettings.SectionName, typeof(EmulatorSettings),
                [$"{EmulatorSettings.SectionName}:Enabled is '{enabled}'; set it to true, false, or leave it out (start the emulator only when no Dify is configured)."]);
        }
        var client = configuration.GetSection(ClientSection);
        return string.IsNullOrWhiteSpace(client["BaseUrl"]) && !client.GetSection("Topology:Regions").GetChildren().Any();
    }

    private static TimeSpan ReadTimeSpan(ConfigurationManager configuration, string key, TimeSpan fallback)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value >= TimeSpan.Zero && value <= TimeSpan.FromMinutes(1)) return value;
        throw new OptionsValidationException(EmulatorSettings.SectionName, typeof(EmulatorSettings),
            [$"{key} is '{text}'; set it to a duration between 00:00:00 and 00:01:00, e.g. 00:00:00.040 (the default)."]);
    }

    private static Dictionary<string, string?> EmulatorConfiguration(DifyEmulatorTopology emulator)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{ClientSection}:ApiKey"] = EmulatorApiKey,
            // A region is taken out after two failed probes a second apart, so the page fails over quickly.
            [$"{ClientSection}:Topology:HealthProbe:Interval"] = "00:00:01",
            [$"{ClientSection}:Topology:HealthProbe:Jitter"] = "00:00:00.200",
        };
        for (var i = 0; i < emulator.Regions.Count; i++)
        {
            var region = emulator.Regions[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"{ClientSection}:Topology:Regions:{i}");
            settings[$"{prefix}:Name"] = region.Name;
            settings[$"{prefix}:Priority"] = i.ToString(CultureInfo.InvariantCulture);
            for (var j = 0; j < region.Endpoints.Count; j++)
                settings[string.Create(CultureInfo.InvariantCulture, $"{prefix}:Endpoints:{j}:BaseUrl")] = region.Endpoints[j].BaseUrl.ToString();
        }
        return settings;
    }
}
