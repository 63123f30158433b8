using System.Text;

namespace Dify.HA.Benchmarks.Streaming;

/// <summary>
/// Realistic Dify streams, framed exactly as the server frames them (compact JSON after <c>data: </c>, a blank line,
/// <c>event: ping</c> now and then), generated deterministically.
/// </summary>
internal static class StreamCorpus
{
    private static readonly string[] Tokens =
    [
        " the", " a", " of", " to", " and", " in", " is", " that", " for", " it", " Dify", " region", " fail", "over",
        ",", ".", " you", " can", " with", " on", "\\n", " \\\"quoted\\\"", " café", " 東京", " 🙂", " API", " stream",
    ];

    /// <summary>A chat stream: <paramref name="events"/> - 1 <c>message</c> tokens, then <c>message_end</c>; a ping every 250 events.</summary>
    public static byte[] Chat(int events)
    {
        var random = new Random(42);
        var sb = new StringBuilder(events * 220);
        const string ids = "\"task_id\":\"c3800678-a077-43df-a102-53f23ed20b88\",\"id\":\"9da23599-e713-473b-982c-4328d4f5c78a\",\"message_id\":\"9da23599-e713-473b-982c-4328d4f5c78a\",\"conversation_id\":\"45701982-8118-4bc5-8e9b-64562b4555f2\"";
        for (var i = 0; i < events - 1; i++)
        {
            if (i % 250 == 249) sb.Append("event: ping\n\n");
            sb.Append("data: {\"event\":\"message\",").Append(ids).Append(",\"answer\":\"")
                .Append(Tokens[random.Next(Tokens.Length)]).Append("\",\"created_at\":").Append(1705407629 + (i / 50)).Append("}\n\n");
        }

        sb.Append("data: {\"event\":\"message_end\",").Append(ids)
            .Append(",\"metadata\":{\"usage\":{\"prompt_tokens\":1033,\"prompt_unit_price\":\"0.001\",\"prompt_price_unit\":\"0.001\",\"prompt_price\":\"0.0010330\",\"completion_tokens\":1999,\"completion_unit_price\":\"0.002\",\"completion_price_unit\":\"0.001\",\"completion_price\":\"0.0039980\",\"total_tokens\":3032,\"total_price\":\"0.0050310\",\"currency\":\"USD\",\"latency\":1.381760165997548},")
            .Append("\"retriever_resources\":[{\"position\":1,\"dataset_id\":\"101b4c97-fc2e-463c-90b1-5261a4cdcafb\",\"dataset_name\":\"iPhone\",\"document_id\":\"8dd1ad74-0b5f-4175-b735-7d98bbbb4e00\",\"document_name\":\"iPhone List\",\"segment_id\":\"ed599c7f-2766-4294-9d1d-e5235a61270a\",\"score\":0.98457545,\"content\":\"iPhone 13 Pro Max, September 24, 2021, 6.7 inch\"}]},\"files\":null,\"created_at\":1705407700}\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// A workflow stream of <paramref name="events"/> events: <c>workflow_started</c>, 40 nodes
    /// (<c>node_started</c>/<c>node_finished</c> with inputs, outputs and execution metadata), <c>text_chunk</c>s for
    /// the rest, and <c>workflow_finished</c>; a ping every 250 events.
    /// </summary>
    public static byte[] Workflow(int events)
    {
        var random = new Random(7);
        var sb = new StringBuilder(events * 300);
        const string head = "\"task_id\":\"0399c5c2-181b-4493-a78e-1421914e8a25\",\"workflow_run_id\":\"a4959eb4-c852-4e0c-ac7a-348233f7f345\"";
        sb.Append("data: {\"event\":\"workflow_started\",").Append(head)
            .Append(",\"data\":{\"id\":\"a4959eb4-c852-4e0c-ac7a-348233f7f345\",\"workflow_id\":\"e46514f1-c008-41ff-94b0-4f33d4b97d36\",\"inputs\":{\"query\":\"Summarise the incident\",\"sys.user_id\":\"abc-123\",\"sys.files\":[]},\"created_at\":1776129228,\"reason\":\"initial\"}}\n\n");
        const int nodes = 40;
        var textChunks = events - 2 - (nodes * 2);
        var chunksPerNode = textChunks / nodes;
        var written = 1;
        for (var n = 0; n < nodes; n++)
        {
            var nodeId = 1775717266623L + n;
            sb.Append("data: {\"event\":\"node_started\",").Append(head).Append(",\"data\":{\"id\":\"7d9bb041-5ecb-497f-a674-d8706eed0a")
                .Append(n.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("\",\"node_id\":\"").Append(nodeId)
                .Append("\",\"node_type\":\"llm\",\"title\":\"LLM ").Append(n).Append("\",\"index\":").Append(n + 1)
                .Append(",\"predecessor_node_id\":null,\"inputs\":null,\"created_at\":1776129228,\"extras\":{},\"iteration_id\":null,\"loop_id\":null}}\n\n");
            written++;
            var chunks = n == nodes - 1 ? textChunks - (chunksPerNode * (nodes - 1)) : chunksPerNode;
            for (var c = 0; c < chunks; c++)
            {
                if (written % 250 == 249) sb.Append("event: ping\n\n");
                sb.Append("data: {\"event\":\"text_chunk\",").Append(head).Append(",\"data\":{\"text\":\"")
                    .Append(Tokens[random.Next(Tokens.Length)]).Append("\",\"from_variable_selector\":[\"").Append(nodeId).Append("\",\"text\"]}}\n\n");
                written++;
            }

            sb.Append("data: {\"event\":\"node_finished\",").Append(head).Append(",\"data\":{\"id\":\"7d9bb041-5ecb-497f-a674-d8706eed0a")
                .Append(n.ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("\",\"node_id\":\"").Append(nodeId)
                .Append("\",\"node_type\":\"llm\",\"title\":\"LLM ").Append(n).Append("\",\"index\":").Append(n + 1)
                .Append(",\"predecessor_node_id\":null,\"inputs\":{\"query\":\"Summarise the incident\"},\"process_data\":{\"model_mode\":\"chat\"},\"outputs\":{\"text\":\"A summary of the incident.\"},\"status\":\"succeeded\",\"error\":null,\"elapsed_time\":0.912,\"execution_metadata\":{\"total_tokens\":812,\"total_price\":\"0.00162\",\"currency\":\"USD\"},\"created_at\":1776129228,\"finished_at\":1776129229,\"files\":[],\"iteration_id\":null,\"loop_id\":null}}\n\n");
            written++;
        }

        sb.Append("data: {\"event\":\"workflow_finished\",").Append(head)
            .Append(",\"data\":{\"id\":\"a4959eb4-c852-4e0c-ac7a-348233f7f345\",\"workflow_id\":\"e46514f1-c008-41ff-94b0-4f33d4b97d36\",\"status\":\"succeeded\",\"outputs\":{\"text\":\"A summary of the incident.\"},\"error\":null,\"elapsed_time\":36.5,\"total_tokens\":32480,\"total_steps\":42,\"created_at\":1776129228,\"finished_at\":1776129265,\"exceptions_count\":0,\"files\":[]}}\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
