package io.ardm.cli;

import io.ardm.io.AtomicFiles;
import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.audio.Recording;
import io.ardm.modality.audio.SoundPicture;
import io.ardm.modality.image.Png;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** What the commands that edit a recording share: reading a WAV with one-line errors, writing the result and its picture. */
final class AudioEdits {
    private AudioEdits() {}

    static Recording read(Path wav) throws IOException {
        byte[] file;
        try {
            file = Files.readAllBytes(wav);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(wav + ": no such file");
        }
        try {
            return Recording.of(file);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(wav + ": " + e.getMessage());
        }
    }

    static void requireAudio(io.ardm.run.LoadedModel m, String what) {
        if (!(m.modality() instanceof AudioModality)) throw new IllegalArgumentException(what + " needs an audio model; this one reads " + m.modality().id());
    }

    /** Where an edited recording and its picture go. */
    record Outputs(Path wav, Path picture) {}

    /**
     * Where edit {@code k} of {@code count} of {@code input} goes: {@code out}, or INPUT-SUFFIX.wav beside the working
     * directory (numbered -1, -2, ... when there are several), and its picture: {@code png} for a single edit, else the WAV's
     * name as .png.
     */
    static Outputs outputs(Path input, Path out, Path png, String suffix, int k, int count) {
        String name = input.getFileName().toString().replaceFirst("(?i)\\.wav$", "");
        Path target = out != null ? out : Path.of(name + "-" + suffix + ".wav");
        if (count > 1) target = Path.of(target.toString().replaceFirst("(?i)(\\.wav)?$", "-" + (k + 1) + ".wav"));
        Path picture = png != null && count == 1 ? png : Path.of(target.toString().replaceFirst("(?i)\\.wav$", "") + ".png");
        return new Outputs(target, picture);
    }

    /** Writes the edited recording (a canonical 16-bit WAV) and a picture of channel 0 before and after. */
    static void write(Recording r, int[] after, Path out, Path picture, boolean[] marked, int[] before) throws IOException {
        AtomicFiles.write(out, r.toWav(after));
        int[] before0 = java.util.Arrays.copyOf(before, r.frames()), after0 = java.util.Arrays.copyOf(after, r.frames());
        boolean[] marked0 = marked == null ? null : java.util.Arrays.copyOf(marked, r.frames());
        AtomicFiles.write(picture, Png.write(SoundPicture.of(List.of(new SoundPicture.Clip(before0, marked0), new SoundPicture.Clip(after0, marked0)),
                SoundPicture.WIDTH)));
        System.err.println("wrote " + out + " and " + picture + " (channel 1 before and after: waveform and spectrogram)");
    }
}
