process.stdout.write('mvsp-setup: starting\n');
