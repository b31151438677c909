package io.maintkit.certs.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Splits PEM text into blocks, tolerating text between blocks (OpenSSL's "Bag Attributes", comments) and naming
 * the line where a block breaks.
 */
public final class PemReader {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /**
     * What a read gave.
     *
     * @param blocks the well-formed blocks
     * @param errors one reason per broken block, each naming its line
     */
    public record Result(List<PemBlock> blocks, List<String> errors) {
    }

    private PemReader() {
    }

    /** Whether the text holds at least one BEGIN line. */
    public static boolean looksLikePem(String text) {
        return text.contains(BEGIN);
    }

    /** The blocks of {@code text}. */
    public static Result read(String text) {
        List<PemBlock> blocks = new ArrayList<>(2);
        List<String> errors = new ArrayList<>(0);
        String type = null;
        int beginLine = 0;
        int beginOffset = 0;
        boolean bodyStarted = false;
        boolean broken = false;
        StringBuilder body = new StringBuilder(2048);
        int lineNo = 0;
        int pos = 0;
        int length = text.length();
        while (pos < length) {
            int eol = text.indexOf('\n', pos);
            int next = eol < 0 ? length : eol + 1;
            int end = eol < 0 ? length : eol;
            if (end > pos && text.charAt(end - 1) == '\r') {
                end--;
            }
            String line = text.substring(pos, end).strip();
            lineNo++;
            if (type == null) {
                if (line.startsWith(BEGIN) && line.endsWith(DASHES) && line.length() > BEGIN.length() + 5) {
                    type = line.substring(BEGIN.length(), line.length() - DASHES.length());
                    beginLine = lineNo;
                    beginOffset = pos;
                    bodyStarted = false;
                    broken = false;
                    body.setLength(0);
                }
            } else if (line.startsWith(END)) {
                String endType = line.endsWith(DASHES) ? line.substring(END.length(), line.length() - 5) : "";
                if (!endType.equals(type)) {
                    if (!broken) {
                        errors.add("line " + lineNo + ": END " + endType + " does not close BEGIN " + type
                                + " of line " + beginLine);
                    }
                } else if (!broken) {
                    decode(type, beginLine, body, text.substring(beginOffset, next), blocks, errors);
                }
                type = null;
            } else if (line.startsWith(BEGIN)) {
                if (!broken) {
                    errors.add("line " + lineNo + ": BEGIN inside the " + type + " block of line " + beginLine
                            + ", which has no END line");
                }
                type = line.substring(BEGIN.length(), Math.max(BEGIN.length(), line.length() - DASHES.length()));
                beginLine = lineNo;
                beginOffset = pos;
                bodyStarted = false;
                broken = false;
                body.setLength(0);
            } else if (!broken) {
                if (!bodyStarted && line.indexOf(':') > 0) {
                    // an RFC 1421 header, e.g. Proc-Type or DEK-Info of a legacy encrypted key
                } else if (!line.isEmpty()) {
                    bodyStarted = true;
                    int bad = firstNonBase64(line);
                    if (bad >= 0) {
                        errors.add("line " + lineNo + ": character '" + printable(line.charAt(bad))
                                + "' at column " + (bad + 1) + " is not base64 in the " + type + " block of line "
                                + beginLine);
                        broken = true;
                    } else {
                        body.append(line);
                    }
                }
            }
            pos = next;
        }
        if (type != null && !broken) {
            errors.add("line " + lineNo + ": the " + type + " block of line " + beginLine + " has no END line");
        }
        return new Result(blocks, errors);
    }

    private static void decode(String type, int beginLine, StringBuilder body, String blockText,
                               List<PemBlock> blocks, List<String> errors) {
        try {
            byte[] der = Base64.getDecoder().decode(body.toString());
            if (der.length == 0) {
                errors.add("line " + beginLine + ": the " + type + " block is empty");
            } else {
                blocks.add(new PemBlock(type, beginLine, der, blockText));
            }
        } catch (IllegalArgumentException e) {
            errors.add("line " + beginLine + ": the " + type + " block is not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static int firstNonBase64(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!ok) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }
}
