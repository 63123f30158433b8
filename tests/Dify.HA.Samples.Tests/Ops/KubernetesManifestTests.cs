using System.Globalization;
using System.Text.RegularExpressions;

namespace Dify.HA.Samples.Tests.Ops;

/// <summary>samples/ops/kubernetes: every document parses; the probes and the scrape annotations point at the web
/// sample's real endpoints; shutdown times add up; keys come from a Secret; the PDB and Service select the pods.</summary>
public sealed partial class KubernetesManifestTests
{
    private static List<(string File, Dictionary<object, object> Document)> Documents() =>
        [.. Directory.GetFiles(OpsKit.KubernetesFolder, "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => Yaml.Documents(File.ReadAllText(f)).Select(d => (Path.GetFileName(f), d)))];

    private static Dictionary<object, object> Kind(string kind) => Assert.Single(Documents(), d => d.Document.Text("kind") == kind).Document;

    private static Dictionary<object, object> PodSpec() => Kind("Deployment").Map("spec").Map("template").Map("spec");

    private static Dictionary<object, object> Container() => Assert.Single(PodSpec().Maps("containers"));

    private static string? Env(string name) => Container().Maps("env").SingleOrDefault(e => e.Text("name") == name)?.Text("value");

    /// <summary>A path the web sample serves, read from its source (so a renamed endpoint fails this test).</summary>
    private static string WebSamplePath(string file, Regex pattern)
    {
        var source = File.ReadAllText(Path.Combine(OpsKit.RepoRoot, "samples", "Dify.HA.WebApi", file));
        var match = pattern.Match(source);
        Assert.True(match.Success, $"samples/Dify.HA.WebApi/{file} no longer matches {pattern}");
        return match.Groups["path"].Value;
    }

    [Fact]
    public void Every_kubernetes_document_parses_with_an_api_version_kind_and_name()
    {
        var documents = Documents();

        Assert.Equal(["Deployment", "PodDisruptionBudget", "Secret", "Service"], documents.Select(d => d.Document.Text("kind")!).Order(StringComparer.Ordinal));
        Assert.All(documents, d =>
        {
            Assert.False(string.IsNullOrEmpty(d.Document.Text("apiVersion")), d.File);
            Assert.Equal("dify-ha-webapi", d.Document.Map("metadata").Text("name"));
        });
    }

    [Fact]
    public void Probes_and_scrape_annotations_point_at_the_web_samples_endpoints()
    {
        var readiness = WebSamplePath("Health/HealthEndpoints.cs", ReadinessConstant());
        var liveness = WebSamplePath("Health/HealthEndpoints.cs", LivenessConstant());
        var metrics = WebSamplePath("Hosting/WebApiApp.cs", ScrapeEndpoint());
        Assert.Equal(("/healthz", "/livez", "/metrics"), (readiness, liveness, metrics));

        var container = Container();
        var port = Assert.Single(container.Maps("ports"));
        Assert.Equal("8080", port.Text("containerPort"));
        Assert.Equal("8080", Env("ASPNETCORE_HTTP_PORTS"));
        foreach (var (probe, path) in new[] { ("readinessProbe", readiness), ("livenessProbe", liveness), ("startupProbe", liveness) })
        {
            var get = container.Map(probe).Map("httpGet");
            Assert.Equal(path, get.Text("path"));
            Assert.Equal(port.Text("name"), get.Text("port"));
        }

        foreach (var annotations in new[] { Kind("Deployment").Map("spec").Map("template").Map("metadata").Map("annotations"), Kind("Service").Map("metadata").Map("annotations") })
        {
            Assert.Equal("true", annotations.Text("prometheus.io/scrape"));
            Assert.Equal(metrics, annotations.Text("prometheus.io/path"));
            Assert.Equal("8080", annotations.Text("prometheus.io/port"));
        }
    }

    [Fact]
    public void Termination_grace_period_covers_the_pre_stop_sleep_and_the_apps_shutdown_timeout()
    {
        var grace = int.Parse(PodSpec().Text("terminationGracePeriodSeconds")!, CultureInfo.InvariantCulture);
        var preStop = int.Parse(Container().Map("lifecycle").Map("preStop").Map("sleep").Text("seconds")!, CultureInfo.InvariantCulture);
        var drain = TimeSpan.Parse(Env("WebApi__DrainDelay")!, CultureInfo.InvariantCulture);
        var shutdown = TimeSpan.Parse(Env("WebApi__ShutdownTimeout")!, CultureInfo.InvariantCulture);

        Assert.InRange(preStop, 1, 30);
        Assert.True(drain > TimeSpan.Zero && drain < shutdown, $"DrainDelay {drain} must be above 0 and below ShutdownTimeout {shutdown}");
        Assert.True(grace >= preStop + shutdown.TotalSeconds + 1,
            $"terminationGracePeriodSeconds {grace} must exceed preStop {preStop} s + ShutdownTimeout {shutdown.TotalSeconds} s, or the kubelet kills the app mid-shutdown");
    }

    [Fact]
    public void Api_keys_come_from_the_secret_and_nowhere_else()
    {
        var secret = Kind("Secret");
        var secretName = secret.Map("metadata").Text("name");
        var keys = Container().Maps("env").Where(e => e.Text("name")!.EndsWith("ApiKey", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Null(k.Text("value"));
            var reference = k.Map("valueFrom").Map("secretKeyRef");
            Assert.Equal(secretName, reference.Text("name"));
            Assert.True(secret.Map("stringData").ContainsKey(reference.Text("key")!), $"the Secret has no key {reference.Text("key")}");
        });
        Assert.All(Container().Maps("env"), e => Assert.DoesNotMatch(RealLookingKey(), e.Text("value") ?? ""));
        Assert.All(secret.Map("stringData").Values, v => Assert.Contains("REPLACE-ME", v.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Disruption_budget_and_service_select_the_deployments_pods_and_resources_are_requested()
    {
        var deployment = Kind("Deployment").Map("spec");
        var podLabels = deployment.Map("template").Map("metadata").Map("labels");
        var selector = deployment.Map("selector").Map("matchLabels");
        Assert.All(selector, kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
        Assert.All(Kind("PodDisruptionBudget").Map("spec").Map("selector").Map("matchLabels"), kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
        Assert.All(Kind("Service").Map("spec").Map("selector"), kv => Assert.Equal(kv.Value, podLabels[kv.Key]));

        // The budget must let a drain proceed (maxUnavailable >= 1) while keeping replicas serving.
        Assert.True(int.Parse(deployment.Text("replicas")!, CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("1", Kind("PodDisruptionBudget").Map("spec").Text("maxUnavailable"));
        var requests = Container().Map("resources").Map("requests");
        Assert.False(string.IsNullOrEmpty(requests.Text("cpu")));
        Assert.False(string.IsNullOrEmpty(requests.Text("memory")));
        Assert.Equal("false", Env("Emulator__Enabled"));
    }

    [GeneratedRegex("ReadinessPath\\s*=\\s*\"(?<path>[^\"]+)\"")]
    private static partial Regex ReadinessConstant();

    [GeneratedRegex("LivenessPath\\s*=\\s*\"(?<path>[^\"]+)\"")]
    private static partial Regex LivenessConstant();

    [GeneratedRegex("MapPrometheusScrapingEndpoint\\(\"(?<path>[^\"]+)\"\\)")]
    private static partial Regex ScrapeEndpoint();

    [GeneratedRegex("^(app|dataset)-[A-Za-z0-9]{16,}$")]
    private static partial Regex RealLookingKey();
}
