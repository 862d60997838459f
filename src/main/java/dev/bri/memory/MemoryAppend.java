package dev.bri.memory;

import dev.bri.domain.InvalidInputException;
import dev.bri.domain.InvalidInputException.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /api/v1/videos/{id}/memory}: either one turn ({@code role}, {@code content}) or several in
 * order ({@code turns}), such as a user's question and the assistant's answer, which are stored as one unit.
 */
@Schema(description = "Either role and content (one turn) or turns (several, stored atomically in order)")
public record MemoryAppend(
        @Schema(enumeration = {
                "user", "assistant"}) String role,
        String content,
        @Schema(description = "Several turns, stored in one transaction in this order") List<TurnRequest> turns){

    /** The turns to store, in order; every problem of the body is reported at once, nothing is stored on any. */
    public List<TurnRequest> turns(int maxTurns, int maxContentChars) {
        List<FieldError> errors = new ArrayList<>();
        List<TurnRequest> wanted;
        String prefix;
        if (turns != null) {
            if (role != null || content != null) {
                throw new InvalidInputException("turns", "send either turns or a single role and content, not both");
            }
            if (turns.isEmpty()) {
                throw new InvalidInputException("turns", "must not be empty");
            }
            if (turns.size() > maxTurns) {
                throw new InvalidInputException("turns",
                        "at most " + maxTurns + " turns per request, got " + turns.size());
            }
            wanted = turns;
            prefix = "turns[%d].";
        } else {
            wanted = List.of(new TurnRequest(role, content));
            prefix = "";
        }
        for (int i = 0; i < wanted.size(); i++) {
            String at = String.format(prefix, i);
            TurnRequest turn = wanted.get(i);
            if (turn == null) {
                errors.add(new FieldError(at.isEmpty() ? "turns[" + i + "]" : at.substring(0, at.length() - 1),
                        "must be an object"));
                continue;
            }
            if (turn.role() == null || !(turn.role().equals("user") || turn.role().equals("assistant"))) {
                errors.add(new FieldError(at + "role", "must be 'user' or 'assistant'"));
            }
            if (turn.content() == null || turn.content().isBlank()) {
                errors.add(new FieldError(at + "content", "must not be blank"));
            } else if (turn.content().length() > maxContentChars) {
                errors.add(new FieldError(at + "content", "at most " + maxContentChars + " characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return wanted;
    }
}
