package io.ardm.run;

import io.ardm.ardm.ArdmNetwork;
import io.ardm.nn.Parameters;

/** An ARDM network whose parameters an optimiser can update. */
public interface TrainableArdm extends ArdmNetwork {
    Parameters parameters();
}
