package com.actionbridge.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.actionbridge.deploy.DeployFiles.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs deploy/systemd/install.sh as the guide says, in a temporary copy of the repository, with PREFIX pointing at a
 * temporary root and SKIP_SYSTEM=1 (no system user, no chown, no systemctl: the root-only steps).
 */
class BareHostInstallTest {

    @TempDir
    Path tmp;

    record Result(int exit, String output) {
    }

    private Path repo() throws IOException {
        Path repo = tmp.resolve("repo");
        for (Path file : new Path[]{INSTALL, AOT_CACHE_SCRIPT, SYSTEMD_UNIT, SYSTEMD_ENV, CONFIG}) {
            Path target = repo.resolve(ROOT.relativize(file).normalize().toString());
            Files.createDirectories(target.getParent());
            Files.copy(file, target);
        }
        return repo;
    }

    private Result install(Path repo, Path root, String java) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("sh", repo.resolve("deploy/systemd/install.sh").toString())
                .directory(tmp.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PREFIX", root.toString());
        env.put("SKIP_SYSTEM", "1");
        env.put("JAVA", java);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElseThrow();
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void installsWhereTheUnitReadsAndAnUpgradeKeepsTheOperatorsFiles() throws Exception {
        Path repo = repo();
        Path root = tmp.resolve("root");
        Path jar = repo.resolve("target/actionbridge-0.1.0-SNAPSHOT.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "first build");
        Files.writeString(repo.resolve("target/actionbridge-0.1.0-SNAPSHOT-plain.jar"), "not this one");

        Result first = install(repo, root, java());
        assertThat(first.exit()).as(first.output()).isZero();

        Path app = root.resolve("opt/actionbridge");
        assertThat(app.resolve("actionbridge.jar")).hasContent("first build");
        assertThat(app.resolve("config/application.yml")).hasSameTextualContentAs(CONFIG);
        assertThat(mode(app.resolve("config"))).isEqualTo("rwxr-x---");
        assertThat(mode(app.resolve("config/application.yml"))).isEqualTo("rw-r-----");
        Path env = root.resolve("etc/actionbridge/actionbridge.env");
        assertThat(env).hasSameTextualContentAs(SYSTEMD_ENV);
        assertThat(mode(env)).isEqualTo("rw-------");
        Path unit = root.resolve("etc/systemd/system/actionbridge.service");
        String installedUnit = Files.readString(unit);
        // This "jar" cannot be extracted, so no AOT cache: the unit runs the installed jar as it is, and says so.
        assertThat(first.output()).contains("no start-up cache made");
        assertThat(installedUnit).contains("ExecStart=" + java() + " -XX:MaxRAMPercentage=75.0")
                .doesNotContain("ExecStart=/usr/bin/java").doesNotContain("AOTCache");
        assertThat(installedUnit.replace("ExecStart=" + java() + " ", "ExecStart=/usr/bin/java "))
                .isEqualTo(read(SYSTEMD_UNIT).replace(" -XX:AOTCache=/opt/actionbridge/app/actionbridge.aot", "")
                        .replace("/opt/actionbridge/app/actionbridge.jar\n", "/opt/actionbridge/actionbridge.jar\n"));
        // The unit's paths are the installed files' paths.
        assertThat(installedUnit).contains("WorkingDirectory=/opt/actionbridge\n",
                "EnvironmentFile=/etc/actionbridge/actionbridge.env\n", "-jar /opt/actionbridge/actionbridge.jar\n");

        // An upgrade: a new jar replaces the old one; the operator's config and environment stay.
        Files.writeString(app.resolve("config/application.yml"), "bots: [] # edited by the operator\n");
        Files.writeString(env, "ADMIN_TOKEN=filled-in-by-the-operator\n");
        Files.writeString(jar, "second build");
        Result upgrade = install(repo, root, java());
        assertThat(upgrade.exit()).as(upgrade.output()).isZero();
        assertThat(app.resolve("actionbridge.jar")).hasContent("second build");
        assertThat(app.resolve("config/application.yml")).hasContent("bots: [] # edited by the operator");
        assertThat(env).hasContent("ADMIN_TOKEN=filled-in-by-the-operator");
        try (var files = Files.list(app)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("actionbridge.jar",
                    "config");
        }
    }

    @Test
    void withoutABuiltJarItSaysHowToBuildAndInstallsNothing() throws Exception {
        Path repo = repo();
        Path root = tmp.resolve("root");
        Result result = install(repo, root, java());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("mvn -B -DskipTests package");
        assertThat(root).doesNotExist();
    }

    @Test
    void refusesAJavaOlderThan21() throws Exception {
        Path repo = repo();
        Files.createDirectories(repo.resolve("target"));
        Files.writeString(repo.resolve("target/actionbridge-0.1.0-SNAPSHOT.jar"), "build");
        // A java that reports itself as 17, as Debian 12's default does.
        Path oldJava = tmp.resolve("java17");
        Files.writeString(oldJava, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        Files.setPosixFilePermissions(oldJava, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = tmp.resolve("root");
        Result result = install(repo, root, oldJava.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.output()).contains("needs Java 21 or newer");
        assertThat(root).doesNotExist();
    }
}
