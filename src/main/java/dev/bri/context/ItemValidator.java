package dev.bri.context;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bri.domain.InvalidInputException;
import dev.bri.domain.InvalidInputException.FieldError;
import dev.bri.video.VideoIds;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks a whole ingest batch and reports every problem at once with its field path ({@code items[3].start}); a
 * batch with any problem is rejected before anything is written.
 */
@ApplicationScoped
public class ItemValidator {

    private static final int MAX_LINEAGE_CHARS = 200;
    /** A BCP 47 tag's shape (language, then script, region or variant subtags), as Whisper and others report. */
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,6}");
    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");

    private final ContextConfig config;

    public ItemValidator(ContextConfig config) {
        this.config = config;
    }

    public List<NewItem> validate(IngestRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null || request.items() == null && request.transcript() == null) {
            throw new InvalidInputException("items", "must be a list of items");
        }
        if (request.items() == null) {
            return List.of();
        }
        List<IngestRequest.Item> items = request.items();
        if (items.isEmpty() && request.transcript() == null) {
            throw new InvalidInputException("items", "must not be empty");
        }
        if (items.size() > config.maxBatchItems()) {
            throw new InvalidInputException("items", "at most " + config.maxBatchItems() + " items per request, got "
                    + items.size());
        }
        Set<String> seen = new HashSet<>();
        List<NewItem> valid = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            NewItem item = check(items.get(i), "items[" + i + "]", errors, seen);
            if (item != null) {
                valid.add(item);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return valid;
    }

    /** The transcript document of the request, checked, or null when none was sent. */
    public TranscriptText transcript(IngestRequest request) {
        TranscriptText transcript = request.transcript();
        if (transcript == null) {
            return null;
        }
        List<FieldError> errors = new ArrayList<>();
        if (transcript.fullText() == null && transcript.language() == null) {
            errors.add(new FieldError("transcript", "send full_text, language or both"));
        }
        if (transcript.fullText() != null && transcript.fullText().isBlank()) {
            errors.add(new FieldError("transcript.full_text", "must be non-empty text"));
        } else if (transcript.fullText() != null && transcript.fullText().length() > config.maxTranscriptChars()) {
            errors.add(new FieldError("transcript.full_text", "longer than " + config.maxTranscriptChars()
                    + " characters"));
        }
        if (transcript.language() != null && !LANGUAGE.matcher(transcript.language()).matches()) {
            errors.add(new FieldError("transcript.language", "must be a BCP 47 language tag such as en or pt-BR"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return transcript;
    }

    private NewItem check(IngestRequest.Item item, String at, List<FieldError> errors, Set<String> seen) {
        if (item == null) {
            errors.add(new FieldError(at, "must be an object"));
            return null;
        }
        int before = errors.size();
        String id = item.id() == null ? UUID.randomUUID().toString() : item.id();
        if (!VideoIds.valid(id)) {
            errors.add(new FieldError(at + ".id", VideoIds.MESSAGE));
        } else if (!seen.add(id)) {
            errors.add(new FieldError(at + ".id", "id '" + id + "' appears more than once in this batch"));
        }
        ItemType type = item.type() == null ? null : ItemType.fromWire(item.type()).orElse(null);
        if (type == null) {
            errors.add(new FieldError(at + ".type", "must be one of frame, caption, transcript, object, metadata"));
        }
        Double start = item.start();
        if (start == null || !Double.isFinite(start) || start < 0) {
            errors.add(new FieldError(at + ".start", "must be a finite number of seconds >= 0"));
        }
        Double end = item.end();
        if (end != null) {
            if (!Double.isFinite(end) || start != null && end < start) {
                errors.add(new FieldError(at + ".end", "must be a finite number of seconds >= start"));
            } else if (start != null && type != ItemType.METADATA && end - start > config.maxItemSpanSeconds()) {
                errors.add(new FieldError(at + ".end", "an item may span at most " + config.maxItemSpanSeconds()
                        + " s"));
            }
        }
        // serialized once: the size limit is checked on, and the row stores, the same text
        String document = item.data() == null || !item.data().isObject() ? null : item.data().toString();
        String searchText = checkData(item.data(), document, type, at + ".data", errors);
        NewItem.SourceKey source = checkSource(item.source(), at + ".source", errors);
        if (errors.size() > before) {
            return null;
        }
        return new NewItem(id, type, start, end, document, searchText, source);
    }

    /** Returns the text to index for full-text search (captions and transcripts), or null. */
    private String checkData(JsonNode data, String document, ItemType type, String at, List<FieldError> errors) {
        if (document == null) {
            errors.add(new FieldError(at, "must be a JSON object"));
            return null;
        }
        if (document.getBytes(StandardCharsets.UTF_8).length > config.maxDocumentBytes()) {
            errors.add(new FieldError(at, "document larger than " + config.maxDocumentBytes() + " bytes"));
            return null;
        }
        if (type == null) {
            return null;
        }
        switch (type) {
            case CAPTION, TRANSCRIPT -> {
                JsonNode text = data.get("text");
                // text of control characters only would be indexed as blanks: nothing a search could find
                if (text == null || !text.isTextual() || CONTROL.matcher(text.asText()).replaceAll(" ").isBlank()) {
                    errors.add(new FieldError(at + ".text", "must be non-empty text"));
                } else if (text.asText().length() > config.maxTextChars()) {
                    errors.add(new FieldError(at + ".text", "longer than " + config.maxTextChars() + " characters"));
                } else {
                    // Control characters are no token to FTS5, and search uses two of them to mark matches.
                    return CONTROL.matcher(text.asText()).replaceAll(" ");
                }
            }
            case OBJECT -> {
                JsonNode objects = data.get("objects");
                if (objects == null || !objects.isArray()) {
                    errors.add(new FieldError(at + ".objects", "must be a list of detected objects"));
                    return null;
                }
                for (int i = 0; i < objects.size(); i++) {
                    JsonNode name = objects.get(i).get("class_name");
                    if (name == null || !name.isTextual() || name.asText().isBlank()
                            || name.asText().length() > MAX_LINEAGE_CHARS) {
                        errors.add(new FieldError(at + ".objects[" + i + "].class_name",
                                "must be non-empty text of at most " + MAX_LINEAGE_CHARS + " characters"));
                    }
                }
            }
            default -> {
                // frames and metadata are stored as sent
            }
        }
        return null;
    }

    private NewItem.SourceKey checkSource(IngestRequest.Source source, String at, List<FieldError> errors) {
        if (source == null) {
            errors.add(new FieldError(at, "lineage is required: {tool, tool_version, model_version, parameters}"));
            return null;
        }
        if (source.tool() == null || source.tool().isBlank() || source.tool().length() > MAX_LINEAGE_CHARS) {
            errors.add(new FieldError(at + ".tool", "must be non-empty text of at most " + MAX_LINEAGE_CHARS
                    + " characters"));
        }
        if (length(source.toolVersion()) > MAX_LINEAGE_CHARS) {
            errors.add(new FieldError(at + ".tool_version", "at most " + MAX_LINEAGE_CHARS + " characters"));
        }
        if (length(source.modelVersion()) > MAX_LINEAGE_CHARS) {
            errors.add(new FieldError(at + ".model_version", "at most " + MAX_LINEAGE_CHARS + " characters"));
        }
        JsonNode parameters = source.parameters();
        if (parameters != null && !parameters.isObject() && !parameters.isNull()) {
            errors.add(new FieldError(at + ".parameters", "must be a JSON object"));
        } else if (parameters != null && parameters.toString().length() > config.maxDocumentBytes()) {
            errors.add(new FieldError(at + ".parameters", "larger than " + config.maxDocumentBytes() + " bytes"));
        }
        return new NewItem.SourceKey(source.tool(), orEmpty(source.toolVersion()), orEmpty(source.modelVersion()),
                parameters == null || parameters.isNull() ? "{}" : parameters.toString());
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
