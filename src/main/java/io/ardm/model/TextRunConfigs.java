package io.ardm.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading run configs from JSON files. */
public final class TextRunConfigs {
    private TextRunConfigs() {}

    public static TextRunConfig read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file + ": no such config file");
        try {
            return TextCheckpoint.JSON.readValue(file.toFile(), TextRunConfig.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a valid run config: " + e.getOriginalMessage(), e);
        }
    }

    public static String toJson(TextRunConfig config) throws IOException {
        return TextCheckpoint.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }
}
