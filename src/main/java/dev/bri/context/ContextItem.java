package dev.bri.context;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A stored item as served; its document and lineage parameters are passed through as stored JSON. */
@JsonSerialize(using = ContextItem.Writer.class)
public record ContextItem(String id, String type, double start, Double end,
        @Schema(type = SchemaType.OBJECT, description = "The item's JSON document, as ingested") RawJson data,
        Lineage source) {

    public record Lineage(String tool, String toolVersion, String modelVersion,
            @Schema(type = SchemaType.OBJECT) @JsonRawValue String parameters) {
    }

    /**
     * Writes an item field by field, as the bean serializer would (same names, order and nulls): a window answer holds
     * hundreds of items, and reading each record component through reflection cost more than writing it.
     */
    public static final class Writer extends StdSerializer<ContextItem> {

        private static final SerializableString ID = new SerializedString("id");
        private static final SerializableString TYPE = new SerializedString("type");
        private static final SerializableString START = new SerializedString("start");
        private static final SerializableString END = new SerializedString("end");
        private static final SerializableString DATA = new SerializedString("data");
        private static final SerializableString SOURCE = new SerializedString("source");
        private static final SerializableString TOOL = new SerializedString("tool");
        private static final SerializableString TOOL_VERSION = new SerializedString("tool_version");
        private static final SerializableString MODEL_VERSION = new SerializedString("model_version");
        private static final SerializableString PARAMETERS = new SerializedString("parameters");

        public Writer() {
            super(ContextItem.class);
        }

        @Override
        public void serialize(ContextItem item, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject(item);
            gen.writeFieldName(ID);
            gen.writeString(item.id());
            gen.writeFieldName(TYPE);
            gen.writeString(item.type());
            gen.writeFieldName(START);
            gen.writeNumber(item.start());
            gen.writeFieldName(END);
            if (item.end() == null) {
                gen.writeNull();
            } else {
                gen.writeNumber(item.end());
            }
            gen.writeFieldName(DATA);
            RawJson.Writer.write(item.data(), gen);
            gen.writeFieldName(SOURCE);
            Lineage source = item.source();
            if (source == null) {
                gen.writeNull();
            } else {
                gen.writeStartObject(source);
                gen.writeFieldName(TOOL);
                gen.writeString(source.tool());
                gen.writeFieldName(TOOL_VERSION);
                gen.writeString(source.toolVersion());
                gen.writeFieldName(MODEL_VERSION);
                gen.writeString(source.modelVersion());
                gen.writeFieldName(PARAMETERS);
                if (source.parameters() == null) {
                    gen.writeNull();
                } else {
                    gen.writeRawValue(source.parameters());
                }
                gen.writeEndObject();
            }
            gen.writeEndObject();
        }
    }
}
