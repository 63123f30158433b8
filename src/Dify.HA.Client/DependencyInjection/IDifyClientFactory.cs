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
}
