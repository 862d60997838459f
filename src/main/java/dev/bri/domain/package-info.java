/**
 * What went wrong, in the service's own terms rather than HTTP's: thrown by repositories and services (inside
 * transactions too), mapped to problem documents in one place ({@code api.ProblemMappers}). Depends on nothing.
 */
package dev.bri.domain;
