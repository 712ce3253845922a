package dev.cohort.devstack;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.imageio.ImageIO;

/**
 * A small avatar drawn in code for a demo student: a mirrored 5×5 pattern in a colour, both from a hash of the
 * person's key, so each face is distinct and the same on every machine. Shapes only (no text): drawing text needs
 * fonts, which a headless JDK may not have.
 */
final class DemoAvatar {

    static final int SIZE = 160;
    private static final int CELLS = 5;

    private DemoAvatar() {
    }

    /** The PNG bytes of {@code key}'s avatar. */
    static byte[] png(String key) {
        byte[] hash = sha256(key);
        Color colour = Color.getHSBColor((hash[0] & 0xff) / 255f, 0.55f, 0.75f);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(new Color(0xF4F1EA));
            graphics.fillRect(0, 0, SIZE, SIZE);
            graphics.setColor(colour);
            int margin = SIZE / 10;
            int cell = (SIZE - 2 * margin) / CELLS;
            for (int row = 0; row < CELLS; row++) {
                for (int column = 0; column <= CELLS / 2; column++) {
                    if ((hash[1 + row * 3 + column] & 1) == 1) {
                        graphics.fillRect(margin + column * cell, margin + row * cell, cell, cell);
                        graphics.fillRect(margin + (CELLS - 1 - column) * cell, margin + row * cell, cell, cell);
                    }
                }
            }
        } finally {
            graphics.dispose();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException cannotHappenInMemory) {
            throw new UncheckedIOException(cannotHappenInMemory);
        }
        return bytes.toByteArray();
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException everyJdkHasIt) {
            throw new IllegalStateException(everyJdkHasIt);
        }
    }
}
