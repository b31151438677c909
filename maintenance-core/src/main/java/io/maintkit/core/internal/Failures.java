package io.maintkit.core.internal;

/** Turns exceptions into the one-line reasons findings and reports carry. */
public final class Failures {

    private Failures() {
    }

    /** The exception's message, or its type where it has none, with the root cause's message appended. */
    public static String describe(Throwable e) {
        String message = messageOf(e);
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e) {
            String rootMessage = messageOf(root);
            if (!message.contains(rootMessage)) {
                message = message + ": " + rootMessage;
            }
        }
        return message;
    }

    private static String messageOf(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
    }
}
