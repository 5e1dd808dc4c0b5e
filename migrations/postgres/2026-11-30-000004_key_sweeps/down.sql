DROP TABLE key_sweeps;
