namespace Dify.HA.Client.DependencyInjection;

/// <summary>The IHttpClientFactory name of each Dify client's HttpClient.</summary>
internal static class DifyHttpClientNames
{
    public static string For(string clientName) => "Dify.HA.Client:" + clientName;
}
