-- The UN Framework of Analysis for Atrocity Crimes (2014): 14 risk factors.
INSERT INTO risk_factors VALUES
    (1,  'Situations of armed conflict or other forms of instability', 'all'),
    (2,  'Record of serious violations of international human rights and humanitarian law', 'all'),
    (3,  'Weakness of State structures', 'all'),
    (4,  'Motives or incentives', 'all'),
    (5,  'Capacity to commit atrocity crimes', 'all'),
    (6,  'Absence of mitigating factors', 'all'),
    (7,  'Enabling circumstances or preparatory action', 'all'),
    (8,  'Triggering factors', 'all'),
    (9,  'Intergroup tensions or patterns of discrimination against protected groups', 'genocide'),
    (10, 'Signs of an intent to destroy in whole or in part a protected group', 'genocide'),
    (11, 'Signs of a widespread or systematic attack against any civilian population', 'crimes against humanity'),
    (12, 'Signs of a plan or policy to attack any civilian population', 'crimes against humanity'),
    (13, 'Serious threats to those protected under international humanitarian law', 'war crimes'),
    (14, 'Serious threats to humanitarian or peacekeeping operations', 'war crimes');
