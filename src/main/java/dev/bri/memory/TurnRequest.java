package dev.bri.memory;

/** One turn as sent: {@code role} is {@code user} or {@code assistant}. Checked by {@link MemoryAppend#turns}. */
public record TurnRequest(String role, String content) {
}
