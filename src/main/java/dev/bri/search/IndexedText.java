package dev.bri.search;

/**
 * An item's searchable text as the index holds it.
 *
 * @param seq the item's storage key ({@code context_items.seq})
 * @param type the item's type, as its wire name
 * @param start the item's start, in seconds into the video
 * @param text the searchable text; null for items without one
 */
public record IndexedText(long seq, String type, double start, String text) {
}
