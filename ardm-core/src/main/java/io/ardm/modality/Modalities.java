package io.ardm.modality;

import io.ardm.modality.audio.AudioModality;
import io.ardm.modality.bytes.BytesModality;
import io.ardm.modality.image.ImageModality;
import io.ardm.modality.text8.Text8Modality;
import java.util.List;

/** The modalities this build knows, by the id that checkpoints and compressed files store. */
public final class Modalities {
    public static final Modality TEXT8 = new Text8Modality();
    public static final Modality BYTES = new BytesModality();
    public static final Modality IMAGE = new ImageModality();
    public static final Modality AUDIO = new AudioModality();
    private static final List<Modality> ALL = List.of(TEXT8, BYTES, IMAGE, AUDIO);

    private Modalities() {}

    public static Modality of(String id) {
        for (Modality m : ALL) if (m.id().equals(id)) return m;
        throw new IllegalArgumentException("unknown modality '" + id + "' (known: " + String.join(", ", ids()) + ")");
    }

    public static List<String> ids() {
        return ALL.stream().map(Modality::id).toList();
    }
}
