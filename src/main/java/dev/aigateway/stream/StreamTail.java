package dev.aigateway.stream;

/**
 * Follows an event stream, event by event, to tell how it ended: with its format's terminal event (finished), with a
 * terminal event reporting a failure, or without one (truncated, when the format has a terminal event). Judges whole
 * events only, so a marker inside content ({@code [DONE]} in a text delta) is content.
 */
public final class StreamTail implements SseListener {

    private final EndRule rule;
    private EndRule.Mark last = EndRule.Mark.CONTENT;
    private boolean finishing;

    public StreamTail(EndRule rule) {
        this.rule = rule;
    }

    @Override
    public void onEvent(SseEvent event) {
        last = rule.judge(event);
        finishing |= last == EndRule.Mark.FINISHING;
    }

    /**
     * Whether the stream's last event was terminal (failed ones included), or an event said the answer was complete.
     * Asked once the stream is over (after {@link SseScanner#end}), an event cut short by a clean close counts.
     */
    public boolean finished() {
        return finishing || last != EndRule.Mark.CONTENT;
    }

    /** Whether the last event is a terminal event that reports a failure. */
    public boolean failed() {
        return last == EndRule.Mark.FAILED;
    }
}
