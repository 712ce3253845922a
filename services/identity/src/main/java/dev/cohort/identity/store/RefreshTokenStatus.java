package dev.cohort.identity.store;

/** ACTIVE: may be used once. ROTATED: was used; using it again means it was stolen. REVOKED: dead. */
public enum RefreshTokenStatus { ACTIVE, ROTATED, REVOKED }
