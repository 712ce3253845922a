package dev.cohort.events.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * BACKWARD_TRANSITIVE over git history: the working-tree version of every schema must be able to
 * read data written with every committed version of that schema.
 */
final class SchemaHistoryCheck {

    /** What was compared (one line per file, plus warnings) and what failed. */
    record Report(List<String> lines, List<String> failures) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private SchemaHistoryCheck() {
    }

    static Report run(AvroSources sources, Optional<GitHistory> history, StringBuilder notes) {
        List<String> lines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (!notes.isEmpty()) {
            lines.add(notes.toString().strip());
        }
        for (String file : sources.schemaFiles()) {
            Schema current;
            try {
                current = sources.parseCurrent(file);
            } catch (RuntimeException e) {
                failures.add(file + ": the working-tree version does not parse: " + e.getMessage());
                continue;
            }
            if (history.isEmpty()) {
                lines.add(file + ": compared with 0 earlier versions (no git history available)");
                continue;
            }
            GitHistory git = history.get();
            String path = git.relative(sources.dir().resolve(file));
            List<String> commits = git.commitsContaining(path);
            int compared = 0;
            for (String commit : commits) {
                String shortSha = commit.substring(0, 12);
                Schema earlier;
                try {
                    String text = git.show(commit, path).orElseThrow();
                    earlier = sources.parse(file, text,
                            imported -> git.show(commit, git.relative(sources.dir().resolve(imported))));
                } catch (RuntimeException e) {
                    failures.add(file + " as of commit " + shortSha + " does not parse: " + e.getMessage());
                    continue;
                }
                compared++;
                Optional<String> problems = Compatibility.problemsReading(current, earlier);
                if (problems.isPresent()) {
                    failures.add(file + ": the working-tree schema cannot read data written with the version of commit "
                            + shortSha + " (BACKWARD_TRANSITIVE): " + problems.get());
                }
            }
            lines.add(file + ": compared with " + compared + " earlier committed version" + (compared == 1 ? "" : "s")
                    + (git.shallow() ? " (shallow clone: older history not present)" : ""));
        }
        return new Report(lines, failures);
    }
}
