using System.Net.ServerSentEvents;

namespace Contracts.Runtime.Http;

/// <summary>
/// The events of one request, enumerated once per <see cref="GetAsyncEnumerator"/>: the request is
/// sent when the enumeration starts, and the connection closed when it ends, fails or is disposed.
/// </summary>
/// <remarks>
/// Written out rather than as an async iterator: an event whose bytes are already buffered (most of
/// them, in a busy stream) is decoded and handed over without an iterator's state machine stepping
/// in between, which the event-decoding benchmark showed costs as much as decoding the event.
/// </remarks>
internal sealed class EventStreamRequest<TEvent>(Func<CancellationToken, Task<HttpResponseMessage>> send, EventStreamFormat<TEvent> format, CancellationToken cancellationToken)
    : IAsyncEnumerable<TEvent>
{
    public IAsyncEnumerator<TEvent> GetAsyncEnumerator(CancellationToken enumerationToken = default) =>
        new Enumerator(send, format, cancellationToken, enumerationToken);

    private sealed class Enumerator : IAsyncEnumerator<TEvent>
    {
        private readonly Func<CancellationToken, Task<HttpResponseMessage>> _send;
        private readonly EventStreamFormat<TEvent> _format;
        private readonly CancellationTokenSource? _linked;
        private readonly CancellationToken _token;
        private HttpResponseMessage? _response;
        private IAsyncEnumerator<SseItem<EventStream.Parsed<TEvent>>>? _items;
        private int _events;
        private bool _finished;

        public Enumerator(Func<CancellationToken, Task<HttpResponseMessage>> send, EventStreamFormat<TEvent> format, CancellationToken callToken, CancellationToken enumerationToken)
        {
            _send = send;
            _format = format;
            if (callToken.CanBeCanceled && enumerationToken.CanBeCanceled && callToken != enumerationToken)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, enumerationToken);
                _token = _linked.Token;
            }
            else
            {
                _token = callToken.CanBeCanceled ? callToken : enumerationToken;
            }
        }

        public TEvent Current { get; private set; } = default!;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_finished)
            {
                return new ValueTask<bool>(false);
            }

            if (_items is null)
            {
                return StartAsync();
            }

            try
            {
                while (true)
                {
                    var next = _items.MoveNextAsync();
                    if (!next.IsCompletedSuccessfully)
                    {
                        return AwaitAsync(next);
                    }

                    if (Take(next.Result) is { } handed)
                    {
                        return new ValueTask<bool>(handed);
                    }
                }
            }
            catch (Exception error)
            {
                // As an async method would: the failure is the returned task's, not the call's.
                return ValueTask.FromException<bool>(error);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _finished = true;
            if (_items is not null)
            {
                await _items.DisposeAsync().ConfigureAwait(false);
            }

            _response?.Dispose();
            _linked?.Dispose();
        }

        /// <summary>Sends the request, checks the answer is a stream, and takes the first event.</summary>
        private async ValueTask<bool> StartAsync()
        {
            _response = await _send(_token).ConfigureAwait(false);
            var stream = await EventStream.OpenAsync(_response, _format, _token).ConfigureAwait(false);
            var format = _format;
            _items = SseParser.Create(stream, (_, data) => EventStream.Parse(data, format)).EnumerateAsync(_token).GetAsyncEnumerator(_token);
            return await MoveNextAsync().ConfigureAwait(false);
        }

        private async ValueTask<bool> AwaitAsync(ValueTask<bool> pending)
        {
            bool more = await pending.ConfigureAwait(false);
            while (true)
            {
                if (Take(more) is { } handed)
                {
                    return handed;
                }

                more = await _items!.MoveNextAsync().ConfigureAwait(false);
            }
        }

        /// <summary>What the parser's next item means: true with an event in <see cref="Current"/>, false at the end, null to read on (a keep-alive).</summary>
        private bool? Take(bool more)
        {
            if (!more)
            {
                _finished = true;
                throw new EventStreamEndedException(_events);
            }

            var parsed = _items!.Current.Data;
            switch (parsed.Kind)
            {
                case EventStream.ParsedKind.Event:
                    _events++;
                    Current = parsed.Event!;
                    return true;
                case EventStream.ParsedKind.End:
                    _finished = true;
                    return false;
                case EventStream.ParsedKind.Failure:
                    _finished = true;
                    throw parsed.Error!;
                default:
                    return null;
            }
        }
    }
}
