package dev.bri.cli;

import dev.bri.security.ApiKeyFile;
import dev.bri.security.Scope;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code keys}: makes API keys and the keys-file lines that hold their hashes (docs/SECURITY.md). */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Make API keys and their keys-file lines", subcommands = {
        KeysCommand.New.class, KeysCommand.Hash.class})
public final class KeysCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("use 'keys new' or 'keys hash'");
    }

    static Set<Scope> scopes(String list) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : list.split(",")) {
            scopes.add(Scope.fromWire(name).orElseThrow(
                    () -> new IllegalArgumentException("unknown scope '" + name + "' (read, write, admin)")));
        }
        return scopes;
    }

    static void checkId(String id) {
        if (!ApiKeyFile.ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must match " + ApiKeyFile.ID.pattern());
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = "Print a new random key (give it to the client) and its keys-file line (give it to the "
            + "service); the key is shown once and stored nowhere")
    static final class New implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "Key id: the subject in the audit log and rate limits")
        String id;

        @Option(names = "--scopes", required = true, description = "Comma-separated: read, write, admin")
        String scopes;

        @Override
        public Integer call() {
            checkId(id);
            String key = ApiKeyFile.newKey();
            System.out.println("key:  " + key);
            System.out.println("line: " + ApiKeyFile.line(id, key, scopes(scopes)));
            return Exit.OK;
        }
    }

    @Command(name = "hash", mixinStandardHelpOptions = true, description = "Read a key from standard input and print its keys-file line (for keys made elsewhere)")
    static final class Hash implements Callable<Integer> {
        @Option(names = "--id", required = true, description = "Key id")
        String id;

        @Option(names = "--scopes", required = true, description = "Comma-separated: read, write, admin")
        String scopes;

        @Override
        public Integer call() throws Exception {
            checkId(id);
            String key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (key == null || key.strip().length() < 32) {
                System.err.println("a key of at least 32 characters is expected on standard input");
                return Exit.USAGE;
            }
            System.out.println(ApiKeyFile.line(id, key.strip(), scopes(scopes)));
            return Exit.OK;
        }
    }
}
