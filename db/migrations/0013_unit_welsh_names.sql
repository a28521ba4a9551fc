-- 0013: the Welsh names of the organisation units.
-- Each unit may carry its official Welsh name; pages show the reader's
-- language's name (a unit without one shows its English name in Welsh too).
ALTER TABLE unit ADD COLUMN name_cy TEXT;

-- The shipped reference data, for databases made before this migration
-- (a new database is filled from data/wales-clusters.csv as it is loaded).
UPDATE unit SET name_cy='Cymru' WHERE kind='nation' AND name='Wales';
UPDATE unit SET name_cy='Bwrdd Iechyd Prifysgol Betsi Cadwaladr' WHERE kind='health_board' AND name='Betsi Cadwaladr University Health Board';
UPDATE unit SET name_cy='Bwrdd Iechyd Prifysgol Hywel Dda' WHERE kind='health_board' AND name='Hywel Dda University Health Board';
UPDATE unit SET name_cy='Bwrdd Iechyd Prifysgol Bae Abertawe' WHERE kind='health_board' AND name='Swansea Bay University Health Board';
UPDATE unit SET name_cy='Bwrdd Iechyd Prifysgol Caerdydd a''r Fro' WHERE kind='health_board' AND name='Cardiff and Vale University Health Board';
UPDATE unit SET name_cy='Bwrdd Iechyd Prifysgol Cwm Taf Morgannwg' WHERE kind='health_board' AND name='Cwm Taf Morgannwg University Health Board';
UPDATE unit SET name_cy='Bwrdd Iechyd Prifysgol Aneurin Bevan' WHERE kind='health_board' AND name='Aneurin Bevan University Health Board';
UPDATE unit SET name_cy='Bwrdd Iechyd Addysgu Powys' WHERE kind='health_board' AND name='Powys Teaching Health Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Gogledd Cymru' WHERE kind='rpb' AND name='North Wales Regional Partnership Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Gorllewin Cymru' WHERE kind='rpb' AND name='West Wales Regional Partnership Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Gorllewin Morgannwg' WHERE kind='rpb' AND name='West Glamorgan Regional Partnership Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Caerdydd a''r Fro' WHERE kind='rpb' AND name='Cardiff and Vale Regional Partnership Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Cwm Taf Morgannwg' WHERE kind='rpb' AND name='Cwm Taf Morgannwg Regional Partnership Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Gwent' WHERE kind='rpb' AND name='Gwent Regional Partnership Board';
UPDATE unit SET name_cy='Bwrdd Partneriaeth Rhanbarthol Powys' WHERE kind='rpb' AND name='Powys Regional Partnership Board';
UPDATE unit SET name_cy='Ynys Môn' WHERE kind='local_authority' AND name='Isle of Anglesey';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Ynys Môn' WHERE kind='pcpg' AND name='Isle of Anglesey Pan Cluster Planning Group';
UPDATE unit SET name_cy='Gwynedd' WHERE kind='local_authority' AND name='Gwynedd';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Gwynedd' WHERE kind='pcpg' AND name='Gwynedd Pan Cluster Planning Group';
UPDATE unit SET name_cy='Conwy' WHERE kind='local_authority' AND name='Conwy';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Conwy' WHERE kind='pcpg' AND name='Conwy Pan Cluster Planning Group';
UPDATE unit SET name_cy='Sir Ddinbych' WHERE kind='local_authority' AND name='Denbighshire';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Sir Ddinbych' WHERE kind='pcpg' AND name='Denbighshire Pan Cluster Planning Group';
UPDATE unit SET name_cy='Sir y Fflint' WHERE kind='local_authority' AND name='Flintshire';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Sir y Fflint' WHERE kind='pcpg' AND name='Flintshire Pan Cluster Planning Group';
UPDATE unit SET name_cy='Wrecsam' WHERE kind='local_authority' AND name='Wrexham';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Wrecsam' WHERE kind='pcpg' AND name='Wrexham Pan Cluster Planning Group';
UPDATE unit SET name_cy='Powys' WHERE kind='local_authority' AND name='Powys';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Powys' WHERE kind='pcpg' AND name='Powys Pan Cluster Planning Group';
UPDATE unit SET name_cy='Ceredigion' WHERE kind='local_authority' AND name='Ceredigion';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Ceredigion' WHERE kind='pcpg' AND name='Ceredigion Pan Cluster Planning Group';
UPDATE unit SET name_cy='Sir Benfro' WHERE kind='local_authority' AND name='Pembrokeshire';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Sir Benfro' WHERE kind='pcpg' AND name='Pembrokeshire Pan Cluster Planning Group';
UPDATE unit SET name_cy='Sir Gaerfyrddin' WHERE kind='local_authority' AND name='Carmarthenshire';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Sir Gaerfyrddin' WHERE kind='pcpg' AND name='Carmarthenshire Pan Cluster Planning Group';
UPDATE unit SET name_cy='Abertawe' WHERE kind='local_authority' AND name='Swansea';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Abertawe' WHERE kind='pcpg' AND name='Swansea Pan Cluster Planning Group';
UPDATE unit SET name_cy='Castell-nedd Port Talbot' WHERE kind='local_authority' AND name='Neath Port Talbot';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Castell-nedd Port Talbot' WHERE kind='pcpg' AND name='Neath Port Talbot Pan Cluster Planning Group';
UPDATE unit SET name_cy='Pen-y-bont ar Ogwr' WHERE kind='local_authority' AND name='Bridgend';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Pen-y-bont ar Ogwr' WHERE kind='pcpg' AND name='Bridgend Pan Cluster Planning Group';
UPDATE unit SET name_cy='Bro Morgannwg' WHERE kind='local_authority' AND name='Vale of Glamorgan';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Bro Morgannwg' WHERE kind='pcpg' AND name='Vale of Glamorgan Pan Cluster Planning Group';
UPDATE unit SET name_cy='Rhondda Cynon Taf' WHERE kind='local_authority' AND name='Rhondda Cynon Taf';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Rhondda Cynon Taf' WHERE kind='pcpg' AND name='Rhondda Cynon Taf Pan Cluster Planning Group';
UPDATE unit SET name_cy='Merthyr Tudful' WHERE kind='local_authority' AND name='Merthyr Tydfil';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Merthyr Tudful' WHERE kind='pcpg' AND name='Merthyr Tydfil Pan Cluster Planning Group';
UPDATE unit SET name_cy='Caerffili' WHERE kind='local_authority' AND name='Caerphilly';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Caerffili' WHERE kind='pcpg' AND name='Caerphilly Pan Cluster Planning Group';
UPDATE unit SET name_cy='Blaenau Gwent' WHERE kind='local_authority' AND name='Blaenau Gwent';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Blaenau Gwent' WHERE kind='pcpg' AND name='Blaenau Gwent Pan Cluster Planning Group';
UPDATE unit SET name_cy='Torfaen' WHERE kind='local_authority' AND name='Torfaen';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Torfaen' WHERE kind='pcpg' AND name='Torfaen Pan Cluster Planning Group';
UPDATE unit SET name_cy='Sir Fynwy' WHERE kind='local_authority' AND name='Monmouthshire';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Sir Fynwy' WHERE kind='pcpg' AND name='Monmouthshire Pan Cluster Planning Group';
UPDATE unit SET name_cy='Casnewydd' WHERE kind='local_authority' AND name='Newport';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Casnewydd' WHERE kind='pcpg' AND name='Newport Pan Cluster Planning Group';
UPDATE unit SET name_cy='Caerdydd' WHERE kind='local_authority' AND name='Cardiff';
UPDATE unit SET name_cy='Grŵp Cynllunio Pan-glwstwr Caerdydd' WHERE kind='pcpg' AND name='Cardiff Pan Cluster Planning Group';
UPDATE unit SET name_cy='Ynys Môn' WHERE kind='cluster' AND name='Anglesey';
UPDATE unit SET name_cy='Arfon' WHERE kind='cluster' AND name='Arfon';
UPDATE unit SET name_cy='Dwyfor' WHERE kind='cluster' AND name='Dwyfor';
UPDATE unit SET name_cy='Meirionnydd' WHERE kind='cluster' AND name='Meirionnydd';
UPDATE unit SET name_cy='Dwyrain Conwy' WHERE kind='cluster' AND name='Conwy East';
UPDATE unit SET name_cy='Gorllewin Conwy' WHERE kind='cluster' AND name='Conwy West';
UPDATE unit SET name_cy='Gogledd Sir Ddinbych' WHERE kind='cluster' AND name='North Denbighshire';
UPDATE unit SET name_cy='Canol a De Sir Ddinbych' WHERE kind='cluster' AND name='Central & South Denbighshire';
UPDATE unit SET name_cy='Gogledd-ddwyrain Sir y Fflint' WHERE kind='cluster' AND name='North East Flintshire';
UPDATE unit SET name_cy='Gogledd-orllewin Sir y Fflint' WHERE kind='cluster' AND name='North West Flintshire';
UPDATE unit SET name_cy='De Sir y Fflint' WHERE kind='cluster' AND name='South Flintshire';
UPDATE unit SET name_cy='Canol Wrecsam' WHERE kind='cluster' AND name='Central Wrexham';
UPDATE unit SET name_cy='Gogledd a Gorllewin Wrecsam' WHERE kind='cluster' AND name='North & West Wrexham';
UPDATE unit SET name_cy='De Wrecsam' WHERE kind='cluster' AND name='South Wrexham';
UPDATE unit SET name_cy='Aman/Gwendraeth' WHERE kind='cluster' AND name='Amman/Gwendraeth';
UPDATE unit SET name_cy='Llanelli' WHERE kind='cluster' AND name='Llanelli';
UPDATE unit SET name_cy='Taf/Tywi' WHERE kind='cluster' AND name='Taf/Tywi';
UPDATE unit SET name_cy='Gogledd Ceredigion' WHERE kind='cluster' AND name='North Ceredigion';
UPDATE unit SET name_cy='De Ceredigion' WHERE kind='cluster' AND name='South Ceredigion';
UPDATE unit SET name_cy='Gogledd Sir Benfro' WHERE kind='cluster' AND name='North Pembrokeshire';
UPDATE unit SET name_cy='De Sir Benfro' WHERE kind='cluster' AND name='South Pembrokeshire';
UPDATE unit SET name_cy='BayHealth' WHERE kind='cluster' AND name='BayHealth';
UPDATE unit SET name_cy='CityHealth' WHERE kind='cluster' AND name='CityHealth';
UPDATE unit SET name_cy='Cwmtawe' WHERE kind='cluster' AND name='Cwmtawe';
UPDATE unit SET name_cy='Llwchwr' WHERE kind='cluster' AND name='Llwchwr';
UPDATE unit SET name_cy='Penderi' WHERE kind='cluster' AND name='Penderi';
UPDATE unit SET name_cy='Afan' WHERE kind='cluster' AND name='Afan';
UPDATE unit SET name_cy='Castell-nedd' WHERE kind='cluster' AND name='Neath';
UPDATE unit SET name_cy='Cymoedd Uchaf' WHERE kind='cluster' AND name='Upper Valleys';
UPDATE unit SET name_cy='Dwyrain Caerdydd' WHERE kind='cluster' AND name='Cardiff East';
UPDATE unit SET name_cy='Gogledd Caerdydd' WHERE kind='cluster' AND name='Cardiff North';
UPDATE unit SET name_cy='De-ddwyrain Caerdydd' WHERE kind='cluster' AND name='Cardiff South East';
UPDATE unit SET name_cy='De-orllewin Caerdydd' WHERE kind='cluster' AND name='Cardiff South West';
UPDATE unit SET name_cy='Gorllewin Caerdydd' WHERE kind='cluster' AND name='Cardiff West';
UPDATE unit SET name_cy='Y Ddinas a De Caerdydd' WHERE kind='cluster' AND name='City & Cardiff South';
UPDATE unit SET name_cy='Canol y Fro' WHERE kind='cluster' AND name='Central Vale';
UPDATE unit SET name_cy='Dwyrain y Fro' WHERE kind='cluster' AND name='Eastern Vale';
UPDATE unit SET name_cy='Gorllewin y Fro' WHERE kind='cluster' AND name='Western Vale';
UPDATE unit SET name_cy='Dwyrain Pen-y-bont ar Ogwr' WHERE kind='cluster' AND name='Bridgend East';
UPDATE unit SET name_cy='Gogledd Pen-y-bont ar Ogwr' WHERE kind='cluster' AND name='Bridgend North';
UPDATE unit SET name_cy='Gorllewin Pen-y-bont ar Ogwr' WHERE kind='cluster' AND name='Bridgend West';
UPDATE unit SET name_cy='Merthyr Tudful' WHERE kind='cluster' AND name='Merthyr';
UPDATE unit SET name_cy='Rhondda' WHERE kind='cluster' AND name='Rhondda';
UPDATE unit SET name_cy='Taf Elái' WHERE kind='cluster' AND name='Taff Ely';
UPDATE unit SET name_cy='Gogledd Cynon' WHERE kind='cluster' AND name='North Cynon';
UPDATE unit SET name_cy='De Cynon' WHERE kind='cluster' AND name='South Cynon';
UPDATE unit SET name_cy='Dwyrain Blaenau Gwent' WHERE kind='cluster' AND name='Blaenau Gwent East';
UPDATE unit SET name_cy='Gorllewin Blaenau Gwent' WHERE kind='cluster' AND name='Blaenau Gwent West';
UPDATE unit SET name_cy='Dwyrain Caerffili' WHERE kind='cluster' AND name='Caerphilly East';
UPDATE unit SET name_cy='Gogledd Caerffili' WHERE kind='cluster' AND name='Caerphilly North';
UPDATE unit SET name_cy='De Caerffili' WHERE kind='cluster' AND name='Caerphilly South';
UPDATE unit SET name_cy='Gogledd Sir Fynwy' WHERE kind='cluster' AND name='Monmouthshire North';
UPDATE unit SET name_cy='De Sir Fynwy' WHERE kind='cluster' AND name='Monmouthshire South';
UPDATE unit SET name_cy='Dwyrain Casnewydd' WHERE kind='cluster' AND name='Newport East';
UPDATE unit SET name_cy='Gorllewin Casnewydd' WHERE kind='cluster' AND name='Newport West';
UPDATE unit SET name_cy='Gogledd Torfaen' WHERE kind='cluster' AND name='Torfaen North';
UPDATE unit SET name_cy='De Torfaen' WHERE kind='cluster' AND name='Torfaen South';
UPDATE unit SET name_cy='Gogledd Powys' WHERE kind='cluster' AND name='North Powys';
UPDATE unit SET name_cy='Canolbarth Powys' WHERE kind='cluster' AND name='Mid Powys';
UPDATE unit SET name_cy='De Powys' WHERE kind='cluster' AND name='South Powys';

-- The demonstration collaboratives ("CLUSTER General Practice
-- Collaborative"...), named after their cluster in Welsh too.
UPDATE unit SET name_cy=(
    SELECT CASE unit.subtype
        WHEN 'general_practice' THEN 'Cydweithredfa Ymarfer Cyffredinol '
        WHEN 'community_pharmacy' THEN 'Cydweithredfa Fferylliaeth Gymunedol '
        WHEN 'dental' THEN 'Cydweithredfa Ddeintyddol '
        WHEN 'optometry' THEN 'Cydweithredfa Optometreg '
        WHEN 'community_nursing' THEN 'Cydweithredfa Nyrsio Cymunedol '
        WHEN 'allied_health' THEN 'Cydweithredfa Gweithwyr Proffesiynol Perthynol i Iechyd '
      END || c.name_cy
      FROM unit_link l JOIN unit c ON c.id=l.parent_id
     WHERE l.child_id=unit.id AND l.relation='part_of' AND c.kind='cluster' AND c.name_cy IS NOT NULL
       AND unit.name=c.name || ' ' || CASE unit.subtype
        WHEN 'general_practice' THEN 'General Practice Collaborative'
        WHEN 'community_pharmacy' THEN 'Community Pharmacy Collaborative'
        WHEN 'dental' THEN 'Dental Collaborative'
        WHEN 'optometry' THEN 'Optometry Collaborative'
        WHEN 'community_nursing' THEN 'Community Nursing Collaborative'
        WHEN 'allied_health' THEN 'Allied Health Professions Collaborative'
      END)
 WHERE kind='collaborative' AND name_cy IS NULL;
