package dev.cohort.identity.store;

/** Stored account status. */
public enum UserStatus { ACTIVE, SUSPENDED }
