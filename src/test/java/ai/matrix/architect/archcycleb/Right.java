package ai.matrix.architect.archcycleb;

import ai.matrix.architect.archcyclea.Left;

/** The other half of the cycle. */
public class Right {
    public Left left() {
        return new Left();
    }
}
