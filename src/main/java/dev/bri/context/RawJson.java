package dev.bri.context;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A JSON document exactly as stored (validated on ingest), kept as its UTF-8 bytes: SQLite hands them over and the
 * response takes them without a round trip through a Java string.
 */
@JsonSerialize(using = RawJson.Writer.class)
@Schema(type = SchemaType.OBJECT, description = "A JSON document, as ingested")
public record RawJson(@Schema(hidden = true) byte[] utf8) {

    /** The document as text (for the few callers that need a string). */
    public String text() {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return text();
    }

    /** Writes the bytes as they are: a UTF-8 generator copies them; any other generator gets the decoded text. */
    public static final class Writer extends StdSerializer<RawJson> {

        public Writer() {
            super(RawJson.class);
        }

        @Override
        public void serialize(RawJson value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            write(value, gen);
        }

        static void write(RawJson value, JsonGenerator gen) throws IOException {
            if (value == null) {
                gen.writeNull();
            } else {
                gen.writeRawValue(new Utf8(value));
            }
        }
    }

    /**
     * The stored bytes as a raw value: a UTF-8 generator (HTTP responses) copies them via the unquoted-UTF-8 methods;
     * the char-based ones, for generators that write text, decode them once.
     */
    private static final class Utf8 implements SerializableString {

        private final RawJson json;
        private SerializedString text;

        Utf8(RawJson json) {
            this.json = json;
        }

        private SerializedString text() {
            if (text == null) {
                text = new SerializedString(json.text());
            }
            return text;
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return json.utf8();
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            byte[] bytes = json.utf8();
            if (offset + bytes.length > buffer.length) {
                return -1;
            }
            System.arraycopy(bytes, 0, buffer, offset, bytes.length);
            return bytes.length;
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(json.utf8());
            return json.utf8().length;
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer out) {
            byte[] bytes = json.utf8();
            if (bytes.length > out.remaining()) {
                return -1;
            }
            out.put(bytes);
            return bytes.length;
        }

        @Override
        public String getValue() {
            return text().getValue();
        }

        @Override
        public int charLength() {
            return text().charLength();
        }

        @Override
        public char[] asQuotedChars() {
            return text().asQuotedChars();
        }

        @Override
        public byte[] asQuotedUTF8() {
            return text().asQuotedUTF8();
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            return text().appendQuotedUTF8(buffer, offset);
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            return text().appendQuoted(buffer, offset);
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            return text().appendUnquoted(buffer, offset);
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) throws IOException {
            return text().writeQuotedUTF8(out);
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) throws IOException {
            return text().putQuotedUTF8(buffer);
        }
    }
}
