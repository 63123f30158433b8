using Dify.HA.Data.Tasks.Postgres;
using Microsoft.Extensions.Options;

namespace Dify.HA.Data.Tests.Tasks.Postgres;

[Trait("Category", "Tasks")]
public sealed class PostgresTaskStoreOptionsTests
{
    [Theory]
    [InlineData("Schema", "bad-schema", "Dify:Tasks:Postgres:Schema")]
    [InlineData("TableName", "x; DROP TABLE y", "Dify:Tasks:Postgres:TableName")]
    [InlineData("TableName", "a_table_name_that_is_far_too_long_for_its_index_names", "Dify:Tasks:Postgres:TableName")]
    public void An_unsafe_identifier_is_refused_naming_the_key(string property, string value, string key)
    {
        var options = new PostgresTaskStoreOptions();
        typeof(PostgresTaskStoreOptions).GetProperty(property)!.SetValue(options, value);
        var error = Assert.Throws<OptionsValidationException>(() => options.Validate(PostgresTaskStoreOptions.SectionName));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_durations_are_refused_with_the_default_to_fall_back_to()
    {
        var options = new PostgresTaskStoreOptions
        {
            IdempotencyKeyRetention = TimeSpan.FromDays(31),
            CleanupInterval = TimeSpan.Zero,
            CleanupBatchSize = 0,
        };
        var error = Assert.Throws<OptionsValidationException>(() => options.Validate("Tasks:Pg"));
        Assert.Equal(3, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.StartsWith("Tasks:Pg:IdempotencyKeyRetention", StringComparison.Ordinal) && f.Contains("1.00:00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var options = new PostgresTaskStoreOptions();
        options.Validate(PostgresTaskStoreOptions.SectionName);
        Assert.Equal("\"public\".\"dify_tasks\"", options.QualifiedTableName);
    }
}
