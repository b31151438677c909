package io.maintkit.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operating-system account that database servers run under.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as uid 0, servers run as the unprivileged
 * {@code nobody} account (through {@code setpriv}, or {@code runuser} where {@code setpriv} is
 * missing), and the directories they write are handed to that account. Otherwise servers run as the
 * JVM's own user and nothing changes hands.
 */
final class ServerAccount {

    private static final String UNPRIVILEGED_USER = "nobody";
    private static ServerAccount current;

    private final boolean dropPrivileges;
    private final String userName;
    private final String uid;
    private final String gid;
    private final String groupName;
    private final String launcher;

    private ServerAccount(boolean dropPrivileges, String userName, String uid, String gid, String groupName, String launcher) {
        this.dropPrivileges = dropPrivileges;
        this.userName = userName;
        this.uid = uid;
        this.gid = gid;
        this.groupName = groupName;
        this.launcher = launcher;
    }

    static synchronized ServerAccount current() {
        if (current == null) {
            current = detect();
        }
        return current;
    }

    /** True when this JVM runs as uid 0. */
    static boolean jvmIsRoot() {
        Path status = Path.of("/proc/self/status");
        if (Files.isReadable(status)) {
            try {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("Uid:")) {
                        String[] fields = line.substring(4).trim().split("\\s+");
                        return "0".equals(fields[1]); // effective uid
                    }
                }
            } catch (IOException e) {
                // fall through to id -u
            }
        }
        if (isWindows()) {
            return false;
        }
        Processes.Result id = Processes.run(List.of("id", "-u"), null, Map.of(), 10);
        return id.succeeded() && "0".equals(id.output().trim());
    }

    private static ServerAccount detect() {
        if (!jvmIsRoot()) {
            return new ServerAccount(false, System.getProperty("user.name"), null, null, null, null);
        }
        String uid = idOf("-u");
        String gid = idOf("-g");
        String group = idOf("-gn");
        String launcher;
        if (onPath("setpriv")) {
            launcher = "setpriv";
        } else if (onPath("runuser")) {
            launcher = "runuser";
        } else {
            throw new IllegalStateException("This JVM runs as root; PostgreSQL refuses to run as root, and neither setpriv nor "
                    + "runuser (util-linux) is installed to run it as '" + UNPRIVILEGED_USER + "'. Install util-linux or run "
                    + "the tests as an unprivileged user.");
        }
        return new ServerAccount(true, UNPRIVILEGED_USER, uid, gid, group, launcher);
    }

    private static String idOf(String option) {
        Processes.Result result = Processes.run(List.of("id", option, UNPRIVILEGED_USER), null, Map.of(), 10);
        if (!result.succeeded()) {
            throw new IllegalStateException("This JVM runs as root and PostgreSQL refuses to run as root, but the account '"
                    + UNPRIVILEGED_USER + "' to run it under does not exist: " + result.output().trim());
        }
        return result.output().trim();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        List<String> directories = new ArrayList<>(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        if (path != null) {
            directories.addAll(0, List.of(path.split(java.io.File.pathSeparator)));
        }
        for (String directory : directories) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }

    /** True when servers run as another account than this JVM's. */
    boolean dropsPrivileges() {
        return dropPrivileges;
    }

    /** The account name servers run as. */
    String userName() {
        return userName;
    }

    /** The command, prefixed so that it runs under this account. */
    List<String> command(List<String> command) {
        if (!dropPrivileges) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        if ("setpriv".equals(launcher)) {
            wrapped.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        } else {
            wrapped.addAll(List.of("runuser", "-u", userName, "--"));
        }
        wrapped.addAll(command);
        return wrapped;
    }

    /** Hands one file or directory (not following links) to this account. */
    void own(Path path) {
        if (!dropPrivileges) {
            return;
        }
        try {
            UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal user = lookup.lookupPrincipalByName(userName);
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(groupName);
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(user);
            view.setGroup(group);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + path + " to " + userName, e);
        }
    }

    /** Hands a directory tree to this account. */
    void ownRecursively(Path root) {
        if (!dropPrivileges) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    own(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    own(file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand " + root + " to " + userName, e);
        }
    }

    @Override
    public String toString() {
        return dropPrivileges ? userName + " (uid " + uid + ", via " + launcher + ")" : userName;
    }
}
