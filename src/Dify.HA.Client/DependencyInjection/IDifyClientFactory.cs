namespace Dify.HA.Client;

/// <summary>Gives the named Dify clients registered with <c>services.AddDifyClient(name, …)</c>.</summary>
public interface IDifyClientFactory
{
    /// <summary>Gets the client registered under <paramref name="name"/> (created on first use, then reused).</summary>
    /// <param name="name">The client's name, as passed to <c>AddDifyClient</c> (<see cref="DifyClientOptions.DefaultName"/> for the unnamed one).</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">No client has that name.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The client's options are invalid.</exception>
    IDifyClient CreateClient(string name);

    /// <summary>Gets the Knowledge API client of <paramref name="name"/>: a name registered with <c>AddDifyClient</c> whose
    /// <c>ApiKey</c> is a Knowledge API key (<c>dataset-…</c>). It shares the name's topology, HA pipeline and telemetry.</summary>
    /// <param name="name">The client's name, as passed to <c>AddDifyClient</c>.</param>
    /// <returns>The knowledge client (created on first use, then reused).</returns>
    /// <exception cref="InvalidOperationException">No client has that name.</exception>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The options are invalid, or the key is an app key (<c>app-…</c>).</exception>
    IDifyKnowledgeClient CreateKnowledgeClient(string name);
}
