package dev.bri.video;

/** Video and item ids: what BRI's pipelines generate (UUIDs, slugs). Checked before anything touches storage. */
public final class VideoIds {

    public static final String REGEX = "[A-Za-z0-9][A-Za-z0-9._-]{0,127}";
    public static final String MESSAGE = "must be 1-128 characters of letters, digits, '.', '_' or '-', "
            + "starting with a letter or digit";

    private VideoIds() {
    }

    public static boolean valid(String id) {
        return id != null && id.matches(REGEX);
    }
}
