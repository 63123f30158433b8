namespace Dify.HA.Data.Tasks.Internals;

/// <summary>Queue-name rules: the name becomes part of Redis keys, SQL values and metric tags, so it is kept plain.</summary>
internal static class TaskQueueNames
{
    public static void ThrowIfInvalid(string? name, string paramName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException("The queue name must not be empty.", paramName);
        }

        if (name.Length > 100)
        {
            throw new ArgumentException($"The queue name '{name[..20]}…' is longer than 100 characters.", paramName);
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':'))
            {
                throw new ArgumentException($"The queue name '{name}' has '{c}'; use letters, digits, '-', '_', '.' and ':'.", paramName);
            }
        }
    }
}
