namespace Memories.Contracts;

/// <summary>
/// Chat in one call: ask about videos and get the whole answer, or its events as they arrive.
/// The question is checked before a request is spent (chat allows two requests per minute).
/// </summary>
public static class MemoriesChat
{
    /// <summary>Asks about videos and waits for the whole answer.</summary>
    /// <param name="api">The client.</param>
    /// <param name="prompt">The question; not empty.</param>
    /// <param name="videoNos">The videos asked about; at least one.</param>
    /// <param name="sessionId">Continues a conversation (the <c>SessionId</c> of an earlier answer).</param>
    /// <param name="uniqueId">The namespace of the videos.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="ArgumentException">An argument the API would refuse; nothing was sent.</exception>
    /// <exception cref="global::Contracts.Runtime.ApiResponseException">The API refused it (its code says why).</exception>
    public static async Task<ChatAnswer> ChatAsync(this IMemoriesApi api, string prompt, IReadOnlyList<string> videoNos, long? sessionId = null, string uniqueId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var request = Request(prompt, videoNos, sessionId, uniqueId);
        return await MemoriesCalls.SendAsync(() => api.ChatAsync(request, cancellationToken), "POST /serve/api/v1/chat", cancellationToken).ConfigureAwait(false)
            ?? throw new System.Text.Json.JsonException("POST /serve/api/v1/chat answered success without an answer.");
    }

    /// <summary>
    /// Asks about videos; the answer's events are yielded as they arrive: <c>Thinking</c>, <c>Ref</c>
    /// (the moments it draws on), then <c>Content</c>, one piece of text at a time. The request is
    /// sent when the enumeration starts; cancelling its token closes the connection at once.
    /// </summary>
    /// <param name="api">The client.</param>
    /// <param name="prompt">The question; not empty.</param>
    /// <param name="videoNos">The videos asked about; at least one.</param>
    /// <param name="sessionId">Continues a conversation.</param>
    /// <param name="uniqueId">The namespace of the videos.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <returns>The events, ending when the API sends its end marker.</returns>
    /// <exception cref="ArgumentException">An argument the API would refuse; thrown here, before any request.</exception>
    public static IAsyncEnumerable<ChatEvent> ChatStreamAsync(this IMemoriesApi api, string prompt, IReadOnlyList<string> videoNos, long? sessionId = null, string uniqueId = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var request = Request(prompt, videoNos, sessionId, uniqueId);
        return api.ChatStreamEventsAsync(request, cancellationToken);
    }

    /// <summary>The request a chat sends, after every check the API would make.</summary>
    /// <param name="prompt">The question.</param>
    /// <param name="videoNos">The videos.</param>
    /// <param name="sessionId">The conversation, if any.</param>
    /// <param name="uniqueId">The namespace.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentException">The first argument the API would refuse, by name.</exception>
    public static ChatRequest Request(string prompt, IReadOnlyList<string> videoNos, long? sessionId = null, string uniqueId = "default")
    {
        MemoriesArguments.NotBlank(prompt, nameof(prompt));
        MemoriesArguments.VideoNumbers(videoNos, MemoriesSearch.MaxVideoNos, nameof(videoNos));
        MemoriesArguments.NotBlank(uniqueId, nameof(uniqueId));
        if (sessionId is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sessionId), sessionId, "A session id is the number an earlier answer gave: not negative.");
        }

        return new ChatRequest { Prompt = prompt, VideoNos = videoNos, SessionId = sessionId, UniqueId = uniqueId };
    }
}
