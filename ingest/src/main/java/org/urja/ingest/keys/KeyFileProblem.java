package org.urja.ingest.keys;

/**
 * Why one row of a key file was refused. The message names the field and what was wrong with it
 * (length, digits), never the value.
 *
 * @param line as {@link KeyFileRow#line()}; 0 for the file as a whole
 * @param field the column at fault, or null for the row or file
 */
public record KeyFileProblem(int line, String field, String message) {}
