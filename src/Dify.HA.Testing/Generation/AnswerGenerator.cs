using System.Text;

namespace Dify.HA.Testing.Generation;

/// <summary>Deterministic answers: the same seed and query always give the same text, split into the same tokens.</summary>
internal static class AnswerGenerator
{
    private static readonly string[] Words =
    [
        "the", "region", "answer", "stays", "available", "while", "endpoints", "fail", "over", "gracefully",
        "each", "request", "finds", "a", "healthy", "instance", "and", "streams", "tokens", "back",
        "quickly", "without", "duplicate", "generations", "so", "users", "see", "one", "seamless", "reply",
        "from", "their", "assistant", "that", "knows", "about", "latency", "budgets", "retries", "breakers",
        "in", "every", "zone", "of", "the", "deployment", "is", "monitored", "by", "probes",
    ];

    public static string Answer(EmulatorApp app, int seed, string query)
    {
        if (app.ScriptedAnswers.TryGetValue(query, out var scripted))
            return scripted;
        if (app.AnswerFactory?.Invoke(query) is { } produced)
            return produced;

        var state = Hash(seed, query);
        var count = 12 + (int)(Next(ref state) % 13);
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var word = Words[Next(ref state) % (ulong)Words.Length];
            if (i == 0)
                text.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            else
                text.Append(' ').Append(word);
        }

        return text.Append('.').ToString();
    }

    /// <summary>Splits text into stream tokens: words with their leading space, as LLM tokens usually come.</summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == ' ')
            {
                tokens.Add(text[start..i]);
                start = i;
            }
        }

        if (tokens.Count == 0)
            tokens.Add(string.Empty);
        return tokens;
    }

    public static int CountTokens(string text) => Math.Max(1, (text.Length + 3) / 4);

    public static IReadOnlyList<string> SuggestedQuestions(int seed, string answer)
    {
        var state = Hash(seed, answer);
        var topic = Words[Next(ref state) % (ulong)Words.Length];
        return [$"Can you tell me more about {topic}?", "How does failover work here?", "What should I try next?"];
    }

    private static ulong Hash(int seed, string text)
    {
        // FNV-1a over the seed and the UTF-16 text: stable across processes (string.GetHashCode is randomized).
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }

        return hash == 0 ? 1 : hash;
    }

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
