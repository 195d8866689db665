package ai.matrix.architect.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows as columns as wide as their widest cell, so long names keep the table aligned. */
final class Table {
    private Table() {}

    static void print(PrintWriter out, List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++)
                width[i] = Math.max(width[i], row.get(i).length());
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                // the last column is not padded (no trailing blanks)
                line.append(i == row.size() - 1 ? cell : cell + " ".repeat(width[i] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
