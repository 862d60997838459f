package dev.bri.security;

import java.util.Set;

/**
 * One entry of the keys file: the key's id (its subject), the SHA-256 of the key and what it may do. The key itself
 * is never stored: it is a 256-bit random secret, so a plain SHA-256 cannot be reversed or guessed.
 */
public record ApiKey(String id, byte[] sha256, Set<Scope> scopes) {
}
