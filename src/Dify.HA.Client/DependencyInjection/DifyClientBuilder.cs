using Microsoft.Extensions.DependencyInjection;

namespace Dify.HA.Client.DependencyInjection;

internal sealed class DifyClientBuilder : IDifyClientBuilder
{
    public DifyClientBuilder(string name, IServiceCollection services)
    {
        Name = name;
        Services = services;
    }

    public string Name { get; }

    public IServiceCollection Services { get; }
}
