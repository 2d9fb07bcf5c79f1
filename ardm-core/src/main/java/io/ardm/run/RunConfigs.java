package io.ardm.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading run configs from JSON files. */
public final class RunConfigs {
    private RunConfigs() {}

    public static RunConfig read(Path file) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file + ": no such config file");
        try {
            return RunCheckpoint.JSON.readValue(file.toFile(), RunConfig.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + ": not a valid run config: " + e.getOriginalMessage(), e);
        }
    }

    /** A config from the JSON {@link #toJson} writes (how a config reaches other machines). */
    public static RunConfig fromJson(String json) throws IOException {
        return RunCheckpoint.JSON.readValue(json, RunConfig.class);
    }

    public static String toJson(RunConfig config) throws IOException {
        return RunCheckpoint.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config);
    }
}
