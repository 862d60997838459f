package dev.bri.search;

/**
 * One hit as the API returns it: the item, its BM25 score among the video's matches, and a snippet of its text with
 * the matched terms between {@code <mark>} and {@code </mark>}.
 */
public record SearchHit(String id, String type, double start, Double end, String snippet, double score) {
}
