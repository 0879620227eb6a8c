package io.pgairbytesync.reload;

/**
 * What is wrong with a block of the connection YAML, with its fix.
 *
 * @param file    the file the block is in
 * @param routeId the block (null: the file as a whole, e.g. YAML that does not parse)
 * @param text    what is wrong and the fix ("... Fix: ...")
 */
public record BlockProblem(String file, String routeId, String text) {

    /** One line naming the file, the block and the fix. */
    public String line() {
        return file + (routeId == null ? "" : ", block '" + routeId + "'") + ": " + text;
    }

    static BlockProblem of(LoadedBlock block, String text) {
        return new BlockProblem(block.file(), block.routeId() == null ? "(no routeId)" : block.routeId(), text);
    }
}
