package dev.bri.video;

import java.util.List;

/** One page of videos; pass {@code next_cursor} back as {@code cursor} for the next one (null at the end). */
public record VideoPage(List<Video> videos, String nextCursor) {
}
