package dev.rollcall.core;

/**
 * What an explicitly empty value ({@code ""} in CSV, an empty element in XML) does to a
 * stored value (seed 002's "Update options"). A blank cell never changes anything.
 */
public enum EmptyValues {
    /** Ignore empty double quotes, like a blank cell. The default. */
    IGNORE,
    /** Use empty quotes to erase the stored value. */
    ERASE
}
