namespace Dify.HA.Client.Tests.Api;

internal static class TestUsers
{
    /// <summary>A user of its own per test, so tests sharing an emulator never see each other's conversations.</summary>
    public static string New() => "user-" + Guid.NewGuid().ToString("N")[..12];
}
