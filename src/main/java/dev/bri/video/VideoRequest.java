package dev.bri.video;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Body of {@code PUT /api/v1/videos/{id}}; duration in seconds. */
public record VideoRequest(
        @NotBlank @Size(max = 512) String filename,
        @NotNull @Positive @DecimalMax(value = "10000000", message = "must be at most 10000000 seconds") Double duration,
        @Size(max = 4096) String filePath,
        @Size(max = 4096) String thumbnailPath) {
}
