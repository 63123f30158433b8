namespace Dify.HA.Testing;

internal static class EmulatorPlaceholder
{
}
