DROP TABLE health_checks;
DROP TABLE health_schedule;
