package io.sparknas.jobs.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode (bin/lib/ensure-tools.sh installs it): the DOM of a
 * page after load, and a screenshot. Fails with a clear message when the browser is missing.
 */
public final class HeadlessChromium {
    private static final long TIMEOUT_S = 180;
    private final Path profile;

    /** @param scratch a folder for the browser's profile (one per test, so runs never share state) */
    public HeadlessChromium(Path scratch) {
        this.profile = scratch.resolve("chromium-profile");
    }

    public static String executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new AssertionError("Debian's chromium is not installed: bin/test installs it (bin/lib/ensure-tools.sh), "
                + "or apt-get install chromium");
    }

    /** The serialised DOM after the page's load event (its scripts have run). */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, "--dump-dom", "--virtual-time-budget=5000");
    }

    public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, "--hide-scrollbars");
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    private String run(Path page, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable(), "--headless", "--disable-gpu", "--no-sandbox",
                "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(List.of(options));
        command.add(page.toAbsolutePath().toUri().toString());
        Path stdout = Files.createTempFile(profile.getParent(), "chromium", ".out");
        Path stderr = Files.createTempFile(profile.getParent(), "chromium", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + TIMEOUT_S + " s: " + command);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited " + process.exitValue() + ": " + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }
}
