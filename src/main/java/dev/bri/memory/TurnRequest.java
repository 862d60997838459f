package dev.bri.memory;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code POST /api/v1/videos/{id}/memory}; the content length limit is checked against configuration. */
public record TurnRequest(
        @NotNull @Pattern(regexp = "user|assistant", message = "must be 'user' or 'assistant'") String role,
        @NotBlank String content) {
}
