namespace Dify.HA.Client.Api;

/// <summary>
/// Checks made before anything is sent. Each failure is an <see cref="ArgumentException"/> (or a subclass) whose
/// ParamName is the caller's parameter and whose message says how to fix the call.
/// </summary>
internal static class DifyArgument
{
    internal const int MaxPageSize = 100;

    /// <summary>The user to send: the given one, else <see cref="DifyClientOptions.DefaultUser"/>, else an error.</summary>
    public static string User(string? user, DifyClientOptions options, string paramName)
    {
        if (user is not null)
        {
            if (string.IsNullOrWhiteSpace(user))
                throw new ArgumentException("user must not be blank: pass your stable identifier of the end user (e.g. your user id), or null to use DifyClientOptions.DefaultUser.", paramName);
            if (user.Length > DifyClientOptionsValidator.MaxUserLength)
                throw new ArgumentException($"user is {user.Length} characters long; Dify accepts at most {DifyClientOptionsValidator.MaxUserLength}: pass a shorter identifier (e.g. a hash of it).", paramName);
            return user;
        }
        if (options.DefaultUser is { } fallback) return fallback;
        throw new ArgumentNullException(paramName, "user is required: pass your stable identifier of the end user (e.g. your user id), or set DifyClientOptions.DefaultUser (Dify:Clients:<name>:DefaultUser).");
    }

    /// <summary>The user to send when the operation does not require one: the given one, else the default, else null.</summary>
    public static string? OptionalUser(string? user, DifyClientOptions options, string paramName)
        => user is null && options.DefaultUser is null ? null : User(user, options, paramName);

    /// <summary>A Dify id (a UUID). Returns its canonical form (lower-case, hyphenated) for the URL or body.</summary>
    public static string Id(string? id, string paramName, string what)
    {
        if (id is null)
            throw new ArgumentNullException(paramName, $"{paramName} is required: pass the {what} id Dify returned (a UUID such as 9da23599-e713-473b-982c-4328d4f5c78a).");
        if (!Guid.TryParse(id, out var guid))
            throw new ArgumentException($"{paramName} '{Truncate(id)}' is not a Dify id: pass the {what} id exactly as Dify returned it (a UUID such as 9da23599-e713-473b-982c-4328d4f5c78a).", paramName);
        // Dify prints ids as lower-case hyphenated UUIDs; send that form whatever form the caller had.
        return guid.ToString("D");
    }

    /// <summary>An optional paging cursor id: null passes, anything else must be a UUID.</summary>
    public static string? OptionalId(string? id, string paramName, string what)
        => id is null ? null : Id(id, paramName, what);

    public static string NotBlank(string? value, string paramName, string fix)
    {
        if (value is null) throw new ArgumentNullException(paramName, $"{paramName} is required: {fix}");
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{paramName} must not be empty: {fix}", paramName);
        return value;
    }

    /// <summary>An opaque token placed in a URL path segment (e.g. a human-input form token).</summary>
    public static string Token(string? token, string paramName, string fix)
    {
        var value = NotBlank(token, paramName, fix);
        if (value.Any(c => c == '/' || c == '?' || c == '#' || char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new ArgumentException($"{paramName} contains characters a Dify token never has ('/', '?', '#', spaces): {fix}", paramName);
        return value;
    }

    public static int Limit(int limit, string paramName)
    {
        if (limit is < 1 or > MaxPageSize)
            throw new ArgumentOutOfRangeException(paramName, limit, $"{paramName} must be between 1 and {MaxPageSize} (Dify's page-size cap); the server default is 20.");
        return limit;
    }

    public static int Page(int page, string paramName, int max = int.MaxValue)
    {
        if (page < 1 || page > max)
            throw new ArgumentOutOfRangeException(paramName, page, $"{paramName} is 1-based: pass 1 for the first page{(max == int.MaxValue ? string.Empty : $", at most {max}")}.");
        return page;
    }

    public static T NotNull<T>(T? value, string paramName) where T : class
        => value ?? throw new ArgumentNullException(paramName, $"{paramName} is required.");

    private static string Truncate(string s) => s.Length <= 64 ? s : s[..64] + "…";
}
