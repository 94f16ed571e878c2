console.log('console build: not yet');
