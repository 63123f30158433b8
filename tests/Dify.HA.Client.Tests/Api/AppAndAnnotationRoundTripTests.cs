using Dify.HA.Client;

namespace Dify.HA.Client.Tests.Api;

public sealed class AppAndAnnotationRoundTripTests(EmulatorFixture fx) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task App_info_parameters_meta_and_site_describe_the_app()
    {
        var info = await fx.Workflow.App.GetInfoAsync();
        var parameters = await fx.Workflow.App.GetParametersAsync();
        var meta = await fx.Workflow.App.GetMetaAsync();
        var site = await fx.Workflow.App.GetSiteAsync();

        Assert.Equal("workflow", info.Mode);
        Assert.False(string.IsNullOrEmpty(info.Name));
        Assert.NotNull(parameters.UserInputForm);
        Assert.Contains(parameters.UserInputForm!, entry => entry.Values.Any(c => c.Variable == "human_input"));
        Assert.NotNull(parameters.SystemParameters?.FileSizeLimit);
        Assert.NotNull(meta.ToolIcons);
        Assert.Equal(info.Name, site.Title);
    }

    [Fact]
    public async Task Annotations_create_list_update_delete()
    {
        var created = await fx.Chat.Annotations.CreateAsync("What is Dify?", "An LLM app platform.");
        Assert.True(Guid.TryParse(created.Id, out _));

        var listed = await fx.Chat.Annotations.ListAsync(keyword: "What is Dify");
        Assert.Contains(listed.Data, a => a.Id == created.Id);

        var updated = await fx.Chat.Annotations.UpdateAsync(created.Id!, "What is Dify?", "An open-source LLM app platform.");
        Assert.Equal("An open-source LLM app platform.", updated.Answer);

        await fx.Chat.Annotations.DeleteAsync(created.Id!);
        var after = await fx.Chat.Annotations.ListAsync(keyword: "What is Dify");
        Assert.DoesNotContain(after.Data, a => a.Id == created.Id);
    }

    [Fact]
    public async Task Annotation_reply_enable_and_disable_jobs_report_status()
    {
        var settings = new AnnotationReplySettings { EmbeddingProviderName = "openai", EmbeddingModelName = "text-embedding-3-small", ScoreThreshold = 0.9 };

        var enable = await fx.Chat.Annotations.EnableReplyAsync(settings);
        Assert.True(Guid.TryParse(enable.JobId, out _));
        var status = await fx.Chat.Annotations.GetReplyJobStatusAsync(DifyAnnotationReplyAction.Enable, enable.JobId!);
        Assert.Equal(enable.JobId, status.JobId);
        Assert.Contains(status.JobStatus, new[] { "waiting", "processing", "completed" });

        var disable = await fx.Chat.Annotations.DisableReplyAsync(settings);
        Assert.NotNull(disable.JobStatus);
    }
}
