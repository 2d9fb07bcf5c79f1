package example;

import io.ardm.Ardm;
import io.ardm.ArdmInputStream;
import io.ardm.ArdmModel;
import io.ardm.ArdmOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Compresses a file through ArdmOutputStream, reads it back, fills in a sentence and prints a model card. */
public final class Example {
    public static void main(String[] args) throws Exception {
        System.out.println("bundled models: " + Ardm.models());

        byte[] text = "In the beginning God created the heaven and the earth.\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        Path original = Files.createTempFile("example", ".txt");
        Path packed = Path.of(original + ".ardm");
        Files.write(original, text);
        try (InputStream in = Files.newInputStream(original); OutputStream out = new ArdmOutputStream(Files.newOutputStream(packed))) {
            in.transferTo(out);
        }
        byte[] back;
        try (InputStream in = new ArdmInputStream(Files.newInputStream(packed))) {
            back = in.readAllBytes();
        }
        System.out.printf("compressed %,d bytes to %,d (%.3f bits/byte); read back %s%n", text.length, Files.size(packed),
                8.0 * Files.size(packed) / text.length, Arrays.equals(text, back) ? "identical" : "DIFFERENT");

        ArdmModel oa = Ardm.load("text8-oa");
        System.out.println("infilled: " + oa.infill("and god said let there be l_ght and there w_s light", '_', 1));
        System.out.printf("text8-oa NLL of that sentence: %.3f bits/char%n",
                oa.bitsPerSymbol("and god said let there be light and there was light".getBytes(StandardCharsets.US_ASCII)));

        System.out.println(oa.card().lines().limit(3).reduce((a, b) -> a + "\n" + b).orElse(""));
        Files.delete(original);
        Files.delete(packed);
        if (!Arrays.equals(text, back)) System.exit(1);
    }
}
